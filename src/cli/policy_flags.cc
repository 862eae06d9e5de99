#include "cli/policy_flags.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/app.h"
#include "common/severity.h"
#include "common/status.h"

namespace moat::cli {
namespace {

constexpr size_t kMaxPolicyFileBytes = 64u << 20;
constexpr absl::string_view kDefaultIgnoreFile = ".moatignore";

std::vector<std::string> List(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    out.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(part)));
  }
  return out;
}

// The severity's rank in any case (0 = critical), or -1.
int SeverityIndex(absl::string_view severity) {
  return FindSeverity(absl::AsciiStrToLower(severity));
}

// Unknown severities count as "unknown", the last.
int RankOf(absl::string_view severity) { return SeverityRank(absl::AsciiStrToLower(severity)); }

// "vulnerability" and every finding category, joined by `separator`.
std::string CategoryNames(absl::string_view separator) {
  std::string out = "vulnerability";
  for (detect::Category category : detect::kCategories) {
    absl::StrAppend(&out, separator, detect::CategoryName(category));
  }
  return out;
}

bool ValidCategory(const std::string& name) {
  detect::Category category;
  return name == "vulnerability" || detect::ParseCategory(name, &category);
}

bool Contains(const std::vector<std::string>& list, absl::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <typename T, typename Keep>
void KeepIf(std::vector<T>& items, Keep keep) {
  items.erase(std::remove_if(items.begin(), items.end(), [&](const T& t) { return !keep(t); }),
              items.end());
}

}  // namespace

void AddPolicyFlags(CLI::App& sub, PolicyFlags& flags) {
  sub.add_option("--severity", flags.severity,
                 absl::StrCat("Severities to show, comma-separated (",
                              absl::StrJoin(kSeverityNames, ","), "); default all"));
  sub.add_option("--fail-on", flags.fail_on,
                 "Exit 1 (or --exit-code) when a vulnerability or finding at or above the lowest "
                 "of these severities is found, shown or not (e.g. critical,high)");
  sub.add_option("--fail-on-category", flags.fail_on_category,
                 absl::StrCat("Exit 1 (or --exit-code) when any finding of these categories "
                              "is found (",
                              CategoryNames(","), ")"));
  sub.add_option("--exit-code", flags.exit_code,
                 "Exit code when the policy fails; alone: when anything is shown");
  sub.add_option("--ignore-file", flags.ignore_file,
                 "Ignore file (YAML: ids, paths, packages, each with a reason and optional "
                 "expiry; default ./.moatignore when it exists)");
  sub.add_option("--vex", flags.vex,
                 "OpenVEX document whose not_affected/fixed statements suppress vulnerabilities; "
                 "repeatable")
      ->allow_extra_args(false);
}

absl::Status ValidatePolicyFlags(const PolicyFlags& flags) {
  auto unknown = [](absl::string_view flag, absl::string_view value) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": unknown severity \"", value,
                     "\" (valid: ", absl::StrJoin(kSeverityNames, ", "), ")"));
  };
  for (const std::string& s : List(flags.severity)) {
    if (SeverityIndex(s) < 0) return unknown("--severity", s);
  }
  for (const std::string& s : List(flags.fail_on)) {
    if (SeverityIndex(s) < 0) return unknown("--fail-on", s);
  }
  for (const std::string& c : List(flags.fail_on_category)) {
    if (!ValidCategory(c)) {
      return absl::InvalidArgumentError(absl::StrCat("--fail-on-category: unknown category \"", c,
                                                     "\" (valid: ", CategoryNames(", "), ")"));
    }
  }
  if (flags.exit_code > 255 || (flags.exit_code < 0 && flags.exit_code != -1)) {
    return absl::InvalidArgumentError("--exit-code: must be 0..255");
  }
  return absl::OkStatus();
}

bool PolicyGiven(const PolicyFlags& flags) {
  return !flags.fail_on.empty() || !flags.fail_on_category.empty() || flags.exit_code >= 0;
}

absl::StatusOr<PolicyInputs> LoadPolicyInputs(const Context& ctx, const PolicyFlags& flags) {
  PolicyInputs inputs;
  std::string ignore = flags.ignore_file;
  if (ignore.empty() && ctx.fs->Stat(std::string(kDefaultIgnoreFile)).ok()) {
    ignore = std::string(kDefaultIgnoreFile);
  }
  if (!ignore.empty()) {
    auto text = ctx.fs->ReadFile(ignore, kMaxPolicyFileBytes);
    if (!text.ok()) return Annotate(text.status(), absl::StrCat("reading ", ignore));
    auto rules = report::ParseIgnoreFile(*text, ignore);
    if (!rules.ok()) return rules.status();
    inputs.ignore = std::move(*rules);
  }
  for (const std::string& file : flags.vex) {
    auto text = ctx.fs->ReadFile(file, kMaxPolicyFileBytes);
    if (!text.ok()) return Annotate(text.status(), absl::StrCat("reading ", file));
    auto vex = report::ParseOpenVex(*text, file);
    if (!vex.ok()) return vex.status();
    inputs.vex.push_back(std::move(*vex));
  }
  return inputs;
}

std::vector<std::string> ApplyPolicyInputs(const PolicyInputs& inputs, absl::string_view today,
                                           report::ScanResult& result) {
  std::vector<std::string> warnings;
  if (inputs.ignore.has_value()) {
    report::IgnoreOutcome outcome = report::ApplyIgnoreRules(*inputs.ignore, today, result);
    warnings = std::move(outcome.warnings);
    if (outcome.ignored > 0) {
      warnings.push_back(
          absl::StrCat(outcome.ignored, " findings ignored by ", inputs.ignore->file));
    }
  }
  for (const report::VexDocument& vex : inputs.vex) {
    int removed = report::ApplyVex(vex, result);
    if (removed > 0) {
      warnings.push_back(
          absl::StrCat(removed, " vulnerabilities not affecting the image per ", vex.file));
    }
  }
  return warnings;
}

void FilterShown(const PolicyFlags& flags, report::ScanResult& result) {
  std::vector<std::string> shown = List(flags.severity);
  if (shown.empty()) return;
  auto visible = [&](const std::string& severity) {
    return Contains(shown, SeverityName(RankOf(severity)));
  };
  KeepIf(result.vulnerabilities, [&](const auto& v) { return visible(v.severity); });
  KeepIf(result.findings, [&](const auto& f) { return visible(f.severity); });
}

namespace {

std::string CountedReason(int count, absl::string_view what) {
  return absl::StrCat(count, count == 1 ? " finding " : " findings ", what);
}

// What fails: "at or above high", "in categories secret, malware", or both.
std::string FailingWhat(int threshold, const std::vector<std::string>& categories) {
  std::string what;
  if (threshold >= 0) absl::StrAppend(&what, "at or above ", SeverityName(threshold));
  if (!categories.empty()) {
    absl::StrAppend(&what, what.empty() ? "" : " or ", "in categories ",
                    absl::StrJoin(categories, ", "));
  }
  return what;
}

}  // namespace

std::optional<GateOutcome> EvaluateGate(const PolicyFlags& flags, const report::ScanResult& all,
                                        const report::ScanResult& shown) {
  if (!PolicyGiven(flags)) return std::nullopt;
  const int code = flags.exit_code >= 0 ? flags.exit_code : kExitFindings;
  int failing = 0;
  std::string what;
  if (flags.fail_on.empty() && flags.fail_on_category.empty()) {
    failing = static_cast<int>(shown.vulnerabilities.size() + shown.findings.size());
    what = "shown";
  } else {
    int threshold = -1;  // the lowest listed severity; -1: no severity fails
    for (const std::string& s : List(flags.fail_on)) threshold = std::max(threshold, RankOf(s));
    std::vector<std::string> categories = List(flags.fail_on_category);
    for (const auto& v : all.vulnerabilities) {
      failing += RankOf(v.severity) <= threshold || Contains(categories, "vulnerability");
    }
    for (const auto& f : all.findings) {
      failing +=
          RankOf(f.severity) <= threshold || Contains(categories, detect::CategoryName(f.category));
    }
    what = FailingWhat(threshold, categories);
  }
  GateOutcome outcome;
  outcome.failed = failing > 0;
  outcome.exit_code = outcome.failed ? code : kExitOk;
  outcome.reason = CountedReason(failing, what);
  return outcome;
}

int PolicyExitCode(const PolicyFlags& flags, const report::ScanResult& all,
                   const report::ScanResult& shown) {
  std::optional<GateOutcome> gate = EvaluateGate(flags, all, shown);
  return gate.has_value() ? gate->exit_code : kExitOk;
}

}  // namespace moat::cli
