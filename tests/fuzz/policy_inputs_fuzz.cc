// Fuzzes the policy inputs of `moat scan`: the ignore file (.moatignore YAML) and OpenVEX
// documents, parsed and applied to a sample result. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "report/ignore_file.h"
#include "report/openvex.h"

namespace {

moat::report::ScanResult Sample() {
  moat::report::ScanResult r;
  r.image.reference = "demo/app:1.0";
  r.image.repo_tags = {"demo/app:1.0"};
  moat::vulndb::Vulnerability v;
  v.id = "CVE-2021-44906";
  v.aliases = {"GHSA-xvch-5gv4-984h"};
  v.package = "minimist";
  v.installed_version = "1.2.0";
  v.purl = "pkg:npm/minimist@1.2.0";
  v.found_in = "/app/node_modules/minimist/package.json";
  v.severity = "critical";
  r.vulnerabilities = {v};
  moat::detect::Finding f;
  f.category = moat::detect::Category::kSecret;
  f.rule_id = "aws-access-key-id";
  f.id = "0123456789abcdef0123456789abcdef";
  f.severity = "critical";
  f.evidence.path = "/opt/legacy/deploy.env";
  r.findings = {f};
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1 << 20)) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const moat::report::ScanResult sample = Sample();
  moat::report::ScanResult result = sample;
  if (data[0] % 2 == 0) {
    auto rules = moat::report::ParseIgnoreFile(text, ".moatignore");
    if (rules.ok()) moat::report::ApplyIgnoreRules(*rules, "2026-11-28", result);
  } else {
    auto vex = moat::report::ParseOpenVex(text, "vex.json");
    if (vex.ok()) moat::report::ApplyVex(*vex, result);
  }
  return 0;
}
