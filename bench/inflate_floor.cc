// The floor a scan of gzip layers cannot beat: inflating every layer blob of an OCI layout and
// nothing else, with the same inflater (ISA-L) and the same parallelism Moat uses.
//   moat_inflate_floor <jobs> <blob>...
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "image/decompress.h"
#include "platform/file_system.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <jobs> <blob>...\n", argv[0]);
    return 2;
  }
  int jobs = std::atoi(argv[1]);
  std::vector<std::string> blobs(argv + 2, argv + argc);
  std::atomic<size_t> next{0};
  std::atomic<int64_t> total{0};
  std::atomic<bool> failed{false};
  moat::platform::PosixFileSystem fs;
  moat::image::ScanLimits limits;
  limits.max_decompression_ratio = 1e9;
  auto work = [&] {
    std::vector<char> buffer(256 * 1024);
    for (size_t i; (i = next.fetch_add(1)) < blobs.size();) {
      auto file = fs.OpenRead(blobs[i], true);
      if (!file.ok()) { failed = true; return; }
      auto counting = std::make_unique<moat::image::CountingStream>(std::move(*file));
      const moat::image::CountingStream* counter = counting.get();
      moat::image::Compression c;
      auto stream = moat::image::OpenDecompressed(std::move(counting), counter, limits, &c);
      if (!stream.ok()) { failed = true; return; }
      while (true) {
        auto n = (*stream)->Read(buffer.data(), buffer.size());
        if (!n.ok()) { failed = true; return; }
        if (*n == 0) break;
        total += static_cast<int64_t>(*n);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < jobs; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::printf("%lld\n", static_cast<long long>(total.load()));
  return failed ? 3 : 0;
}
