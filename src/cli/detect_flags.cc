#include "cli/detect_flags.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "detect/detector_set.h"

namespace moat::cli {

void AddScannerFlags(CLI::App& sub, DetectFlags& flags) {
  sub.add_option("--scanners", flags.scanners,
                 "Scanners to run, comma-separated (vuln,secret,sensitive,malware,config,"
                 "history); default all");
  sub.add_option("--secret-config", flags.secret_config,
                 "Secret rules: Moat YAML (rules, allow-rules, disable-rules) or gitleaks TOML");
  sub.add_option("--malware-rules", flags.malware_rules,
                 "YARA rule file or directory of *.yar files; repeatable (EICAR is built in)")
      ->allow_extra_args(false);
  sub.add_option("--malware-hashes", flags.malware_hashes,
                 "SHA-256 indicator list (\"<sha256> <name>\" per line); repeatable")
      ->allow_extra_args(false);
}

void AddDetectFlags(CLI::App& sub, DetectFlags& flags) {
  AddScannerFlags(sub, flags);
  sub.add_option("--dockerfile", flags.dockerfile,
                 "Also check this Dockerfile (with an image or alone)");
}

absl::StatusOr<std::vector<std::string>> SelectedScanners(const DetectFlags& flags) {
  if (flags.scanners.empty()) return detect::ScannerNames();
  std::vector<std::string> wanted;
  for (absl::string_view part : absl::StrSplit(flags.scanners, ',', absl::SkipWhitespace())) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(part));
    if (name == "vulnerability" || name == "vulnerabilities") name = "vuln";
    if (name == "secrets") name = "secret";
    if (std::find(detect::ScannerNames().begin(), detect::ScannerNames().end(), name) ==
        detect::ScannerNames().end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--scanners: unknown scanner \"", name,
                       "\" (valid: ", absl::StrJoin(detect::ScannerNames(), ", "), ")"));
    }
    wanted.push_back(name);
  }
  std::vector<std::string> out;
  for (const std::string& s : detect::ScannerNames()) {
    if (std::find(wanted.begin(), wanted.end(), s) != wanted.end()) out.push_back(s);
  }
  return out;
}

absl::StatusOr<detect::Detectors> BuildDetectors(const Context& ctx, const DetectFlags& flags,
                                                 const std::vector<std::string>& scanners) {
  detect::DetectorSettings settings;
  settings.scanners = scanners;
  settings.secret_config = flags.secret_config;
  settings.malware_rules = flags.malware_rules;
  settings.malware_hashes = flags.malware_hashes;
  std::vector<std::string> warnings;
  auto detectors = detect::NewDetectors(ctx.fs, settings, &warnings);
  for (const std::string& w : warnings) std::fprintf(ctx.err, "moat: warning: %s\n", w.c_str());
  return detectors;
}

}  // namespace moat::cli
