// Pushes N distinct small images to a registry as tags t000, t001, ... (for replica and benchmark
// tests); with --shared-base they share one base layer of a few hundred KiB.
//   moat_push_test_images REGISTRY_HOST REPOSITORY N [--shared-base]
// Prints "tag digest" per tag on stdout. Exit 0 ok, 2 usage, 3 push failed.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "image/registry_client.h"
#include "platform/clock.h"
#include "platform/http_client.h"
#include "testing/image_builder.h"
#include "testing/registry_images.h"
#include "testing/registry_push.h"

namespace {

using moat::testing::File;
using moat::testing::TarEntry;

constexpr int kMaxImages = 1000;          // tags are t000..t999
constexpr size_t kBaseBytes = 384 << 10;  // incompressible, so the blob stays this large

int Usage(const char* argv0) {
  std::fprintf(stderr, "usage: %s REGISTRY_HOST REPOSITORY N [--shared-base]  (1 <= N <= %d)\n",
               argv0, kMaxImages);
  return 2;
}

// Pseudo-random bytes from a fixed seed: the same base layer (and digest) on every run.
std::string NoiseBytes(size_t size) {
  std::string bytes(size, '\0');
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (char& byte : bytes) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    byte = static_cast<char>(state & 0xff);
  }
  return bytes;
}

std::vector<TarEntry> BaseLayer() {
  return {File("etc/os-release", "ID=moat-test\nVERSION_ID=1\nNAME=\"Moat test base\"\n"),
          File("usr/lib/moat-test/base.bin", NoiseBytes(kBaseBytes))};
}

// The layer that makes an image distinct: its repository and tag, so digests differ per
// repository as well as per tag.
std::vector<TarEntry> UniqueLayer(const std::string& repository, const std::string& tag) {
  return {File("app/identity", absl::StrCat(repository, ":", tag, "\n")),
          File("app/run.sh", "#!/bin/sh\necho hello\n", 0755)};
}

moat::testing::RegistryImage ImageFor(const std::string& repository, const std::string& tag,
                                      bool shared_base) {
  if (shared_base)
    return moat::testing::MakeRegistryImage({BaseLayer(), UniqueLayer(repository, tag)});
  std::vector<TarEntry> layer = UniqueLayer(repository, tag);
  layer.push_back(File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n"));
  return moat::testing::MakeRegistryImage({layer});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) return Usage(argv[0]);
  bool shared_base = argc == 5;
  if (shared_base && std::string(argv[4]) != "--shared-base") return Usage(argv[0]);
  int count = 0;
  if (!absl::SimpleAtoi(argv[3], &count) || count < 1 || count > kMaxImages) return Usage(argv[0]);
  const std::string host = argv[1];
  const std::string repository = argv[2];

  moat::platform::RealClock clock;
  auto http = moat::platform::NewCurlHttpClient({});
  moat::image::RegistryClientOptions options;
  options.allow_http_fallback = true;
  moat::image::RegistryClient client(host, repository, options, http.get(), &clock);
  for (int i = 0; i < count; ++i) {
    std::string tag = absl::StrFormat("t%03d", i);
    moat::testing::RegistryImage image = ImageFor(repository, tag, shared_base);
    absl::Status pushed = moat::testing::PushImage(client, tag, image);
    if (!pushed.ok()) {
      std::fprintf(stderr, "moat_push_test_images: %s/%s:%s: %s\n", host.c_str(),
                   repository.c_str(), tag.c_str(), std::string(pushed.message()).c_str());
      return 3;
    }
    std::printf("%s %s\n", tag.c_str(), image.manifest.digest.c_str());
  }
  return 0;
}
