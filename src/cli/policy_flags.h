// What `moat scan` shows and what fails it, for vulnerabilities and every other finding:
// --severity (show), --fail-on / --fail-on-category / --exit-code (fail), the ignore file
// (.moatignore) and OpenVEX statements (--vex). Showing and failing are separate knobs: a
// finding hidden by --severity still fails the scan. See docs/design/gating.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "cli/context.h"
#include "report/ignore_file.h"
#include "report/openvex.h"
#include "report/scan_result.h"

namespace moat::cli {

struct PolicyFlags {
  std::string severity;          // --severity: severities to show; "" all
  std::string fail_on;           // --fail-on: severities that fail (at or above the lowest)
  std::string fail_on_category;  // --fail-on-category: categories that fail at any severity
  int exit_code = -1;            // --exit-code (-1: not given)
  std::string ignore_file;       // --ignore-file; "" means ./.moatignore when it exists
  std::vector<std::string> vex;  // --vex FILE, repeatable
};

void AddPolicyFlags(CLI::App& sub, PolicyFlags& flags);

// Usage errors in the values (unknown severity or category, exit code out of range).
absl::Status ValidatePolicyFlags(const PolicyFlags& flags);

// Whether the scan can fail on findings (--fail-on, --fail-on-category or --exit-code).
bool PolicyGiven(const PolicyFlags& flags);

struct PolicyInputs {
  std::optional<report::IgnoreRules> ignore;
  std::vector<report::VexDocument> vex;
};

// Reads the ignore file and VEX documents before the scan, so a bad one fails at once.
absl::StatusOr<PolicyInputs> LoadPolicyInputs(const Context& ctx, const PolicyFlags& flags);

// Applies the ignore file (as of `today`, YYYY-MM-DD) and VEX statements to `result`;
// returns warnings for stderr (expired entries, counts of what was left out).
std::vector<std::string> ApplyPolicyInputs(const PolicyInputs& inputs, absl::string_view today,
                                           report::ScanResult& result);

// Keeps only the vulnerabilities and findings --severity shows.
void FilterShown(const PolicyFlags& flags, report::ScanResult& result);

// The policy's verdict on a scan: whether it failed, the exit code it asks for and why, e.g.
// "3 findings at or above high" (vulnerabilities count as findings here).
struct GateOutcome {
  bool failed = false;
  int exit_code = 0;
  std::string reason;
};

// The verdict when a policy is given (PolicyGiven), else nullopt: failed when `all` (before
// --severity) has a vulnerability or finding at or above the lowest --fail-on severity or in a
// --fail-on-category category; with only --exit-code, when `shown` has anything. The exit code
// is then --exit-code (default 1).
std::optional<GateOutcome> EvaluateGate(const PolicyFlags& flags, const report::ScanResult& all,
                                        const report::ScanResult& shown);

// kExitOk, or the failing exit code of EvaluateGate.
int PolicyExitCode(const PolicyFlags& flags, const report::ScanResult& all,
                   const report::ScanResult& shown);

}  // namespace moat::cli
