// Fuzzes the secret scanning configs and the scan itself: the first byte picks Moat YAML,
// gitleaks TOML, a config whose own rules then scan the rest, or a scan of arbitrary bytes
// with the built-in rules (also by the sensitive-file detector). Any input yields findings or
// an error; never a crash, and never an unmasked excerpt longer than its line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "detect/secret_config.h"
#include "detect/secret_detector.h"
#include "detect/sensitive_file_detector.h"

namespace {

using moat::detect::FileDetector;
using moat::detect::Finding;

void ScanWith(const FileDetector& detector, const std::string& path, const std::string& data) {
  moat::image::FileRecord file;
  file.path = path;
  file.size = static_cast<int64_t>(data.size());
  std::vector<Finding> out;
  if (detector.Wants(file)) detector.Scan(moat::detect::FileScanInput{0, file, data}, &out);
  for (const Finding& f : out) {
    if (f.rule_id.empty() || f.evidence.line < 0) std::abort();
  }
}

const FileDetector& Builtin() {
  static const FileDetector* detector = [] {
    auto d = moat::detect::NewSecretDetector(moat::detect::SecretConfig{});
    if (!d.ok()) std::abort();
    return d->release();
  }();
  return *detector;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int mode = data[0] % 4;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (mode) {
    case 0:
      (void)moat::detect::ParseSecretConfig(text, "fuzz.yaml");
      break;
    case 1:
      (void)moat::detect::ParseSecretConfig(text, "fuzz.toml");
      break;
    case 2: {
      // "<config>\n---8<---\n<file to scan>": the config's own rules (few, no built-ins).
      const size_t cut = text.find("\n---8<---\n");
      if (cut == std::string::npos) break;
      auto config = moat::detect::ParseSecretConfig(text.substr(0, cut), "fuzz.yaml");
      if (!config.ok() || config->rules.size() > 8) break;
      config->use_builtin_rules = false;
      auto detector = moat::detect::NewSecretDetector(*config);
      if (detector.ok()) ScanWith(**detector, "/app/fuzz.txt", text.substr(cut + 10));
      break;
    }
    default: {
      ScanWith(Builtin(), "/app/fuzz.env", text);
      static const auto sensitive = moat::detect::NewSensitiveFileDetector();
      ScanWith(*sensitive, "/root/.docker/config.json", text);
      ScanWith(*sensitive, "/root/.ssh/id_rsa", text);
      break;
    }
  }
  return 0;
}
