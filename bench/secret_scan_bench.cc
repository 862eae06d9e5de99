// Secret scan throughput: builds a 1 GB mixed text corpus in memory (source code, configs,
// logs, a few planted secrets), scans it with the built-in rules as the secret detector sees
// files, and prints GB/s per core (one thread) and for all cores. Usage:
//   moat_secret_scan_bench [--gb N] [--threads N] [--repeat N] [--rules a,b] [--disable a,b]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "detect/secret_detector.h"

namespace {

using Clock = std::chrono::steady_clock;

const char* const kWords[] = {
    "user",   "account", "order",  "request",  "config", "client",  "server",  "buffer",
    "handle", "session", "cache",  "index",    "value",  "result",  "payload", "message",
    "token",  "key",     "secret", "password", "stream", "record",  "policy",  "region",
    "bucket", "queue",   "worker", "tenant",   "schema", "version", "status",  "timeout"};

// Every format takes exactly four strings then one number (%.0s skips a string).
const char* const kCode[] = {
    "    if (%s_%s > %s) { return %s(%d); }\n",
    "def %s_%s(self, %s, %s, timeout=%d):\n",
    "    %s = os.environ.get(\"%s_%s%.0s\", \"%d\")\n",
    "const %s%s = require('./%s/%s/%d');\n",
    "// TODO(%s): move the %s %s check before the %s %d retries\n",
    "    password_hash = hashlib.sha256(%s.%s.encode()).hexdigest()  # %s %s %d\n",
    "    api_key = settings.get(\"%s_%s_%s\")  # %s %d\n",
    "  for (size_t i = 0; i < %s.size(); ++i) %s[i] = %s_%s(i, %d);\n",
    "    logger.info(\"%s %s took %%d ms\", %s, %s, %d)\n",
    "export function %s%s(%s: string): Promise<%s> { return fetch(`/api/%d`); }\n",
};

const char* const kConfig[] = {
    "%s_%s: %s%.0s %d\n",
    "%s = \"%s-%s-%s-%d\"\n",
    "[%s.%s.%s%.0s] # %d\n",
    "  - name: %s-%s-%s%.0s\n    port: %d\n",
    "  \"%s\": {\"%s\": \"%s-%s\", \"retries\": %d},\n",
    "%s.%s.%s.%s.enabled=%d\n",
    "      token: ${{ secrets.%s_%s%.0s%.0s }} # %d\n",
    "%s_PASSWORD=${%s_%s_%s} # %d\n",
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  const char* Word() { return kWords[rng_() % (sizeof(kWords) / sizeof(kWords[0]))]; }
  int Number() { return static_cast<int>(rng_() % 10000); }

  void Hex(std::string* out, int n) {
    for (int i = 0; i < n; ++i) out->push_back("0123456789abcdef"[rng_() % 16]);
  }

  void Line(std::string* out, int kind) {
    char buf[512];
    if (kind == 2) {  // a log line: timestamps, ids, hashes, some base64
      std::string id;
      Hex(&id, 32);
      snprintf(buf, sizeof(buf),
               "2026-11-28T12:%02d:%02d.%03dZ INFO [%s] request id=%s path=/api/v1/%s/%d "
               "status=200 duration=%dms\n",
               Number() % 60, Number() % 60, Number() % 1000, Word(), id.c_str(), Word(), Number(),
               Number() % 900);
    } else {
      const char* const* table = kind == 0 ? kCode : kConfig;
      const size_t n =
          kind == 0 ? sizeof(kCode) / sizeof(kCode[0]) : sizeof(kConfig) / sizeof(kConfig[0]);
      const char* format = table[rng_() % n];
      snprintf(buf, sizeof(buf), format, Word(), Word(), Word(), Word(), Number());
    }
    out->append(buf);
  }

  // One file of `size` bytes or a little more.
  void File(std::string* out, size_t size, bool plant) {
    const int kind = static_cast<int>(rng_() % 3);
    const size_t start = out->size();
    size_t planted_at = plant ? size / 2 : SIZE_MAX;
    while (out->size() - start < size) {
      Line(out, kind);
      if (out->size() - start >= planted_at) {
        out->append(kPlanted[rng_() % 3]);
        planted_at = SIZE_MAX;
      }
    }
  }

  size_t FileSize() {
    const uint64_t r = rng_() % 100;
    if (r < 60) return 512 + rng_() % 8192;
    if (r < 95) return 8192 + rng_() % 65536;
    return 262144 + rng_() % (1 << 20);
  }

 private:
  static constexpr const char* kPlanted[3] = {
      "AWS_ACCESS_KEY_ID=AKIAQ4XZ7RMB2WEDTNPK\n",
      "GITHUB_TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n",
      "stripe_key = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc\"\n"};
  std::mt19937_64 rng_;
};

struct Corpus {
  std::string bytes;
  std::vector<std::pair<size_t, size_t>> files;  // offset, size
};

Corpus Build(size_t total) {
  Corpus c;
  c.bytes.reserve(total + (2 << 20));
  Generator gen(42);
  size_t count = 0;
  while (c.bytes.size() < total) {
    const size_t start = c.bytes.size();
    gen.File(&c.bytes, gen.FileSize(), ++count % 5000 == 0);
    c.files.emplace_back(start, c.bytes.size() - start);
  }
  return c;
}

size_t ScanRange(const moat::detect::FileDetector& detector, const Corpus& c, size_t first,
                 size_t step, std::map<std::string, size_t>* by_rule = nullptr) {
  size_t findings = 0;
  std::vector<moat::detect::Finding> out;
  moat::image::FileRecord file;
  file.path = "/srv/app/data/file.txt";
  for (size_t i = first; i < c.files.size(); i += step) {
    const auto [offset, size] = c.files[i];
    file.size = static_cast<int64_t>(size);
    out.clear();
    if (detector.Wants(file)) {
      detector.Scan(
          moat::detect::FileScanInput{0, file, absl::string_view(c.bytes).substr(offset, size)},
          &out);
    }
    findings += out.size();
    for (const auto& f : out) {
      if (by_rule != nullptr) ++(*by_rule)[f.rule_id];
    }
  }
  return findings;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  double gb = 1.0;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  int repeat = 1;
  moat::detect::SecretConfig config;  // single-thread passes (for profiling the scan alone)
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--gb")) gb = atof(argv[i + 1]);
    if (!strcmp(argv[i], "--threads")) threads = static_cast<unsigned>(atoi(argv[i + 1]));
    if (!strcmp(argv[i], "--repeat")) repeat = std::max(1, atoi(argv[i + 1]));
    if (!strcmp(argv[i], "--disable")) config.disable_rules = absl::StrSplit(argv[i + 1], ',');
    if (!strcmp(argv[i], "--rules")) {  // only these built-in rules (comma-separated)
      config.enable_builtin_rules = absl::StrSplit(argv[i + 1], ',');
    }
  }
  auto t0 = Clock::now();
  auto detector = moat::detect::NewSecretDetector(config);
  if (!detector.ok()) {
    fprintf(stderr, "%s\n", std::string(detector.status().message()).c_str());
    return 1;
  }
  printf("compile: %zu rules in %.3f s\n", moat::detect::EffectiveSecretRules(config).size(),
         Seconds(t0));
  t0 = Clock::now();
  Corpus corpus = Build(static_cast<size_t>(gb * 1e9));
  const double size_gb = corpus.bytes.size() / 1e9;
  printf("corpus: %.3f GB in %zu files, built in %.1f s\n", size_gb, corpus.files.size(),
         Seconds(t0));

  t0 = Clock::now();
  std::map<std::string, size_t> by_rule;
  const double cpu0 = ThreadCpuSeconds();
  size_t findings = ScanRange(**detector, corpus, 0, 1, &by_rule);
  for (int r = 1; r < repeat; ++r) findings = ScanRange(**detector, corpus, 0, 1);
  const double one = Seconds(t0) / repeat;
  const double cpu = (ThreadCpuSeconds() - cpu0) / repeat;
  printf(
      "1 thread: %.2f s wall, %.2f s CPU: %.2f GB/s per core (CPU time), %.2f GB/s wall, "
      "%zu findings\n",
      one, cpu, size_gb / cpu, size_gb / one, findings);
  for (const auto& [rule, n] : by_rule) printf("  %s: %zu\n", rule.c_str(), n);

  t0 = Clock::now();
  std::vector<std::thread> pool;
  std::vector<size_t> counts(threads);
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] { counts[t] = ScanRange(**detector, corpus, t, threads); });
  }
  for (auto& th : pool) th.join();
  const double all = Seconds(t0);
  size_t total = 0;
  for (size_t n : counts) total += n;
  printf("%u threads: %.2f s, %.2f GB/s (%.2f GB/s per core), %zu findings\n", threads, all,
         size_gb / all, size_gb / all / threads, total);
  return total == findings ? 0 : 1;
}
