// `moat scan <target>` / `moat scan --sbom FILE` / `moat scan --dockerfile FILE`: read an image
// from any source (or a stored SBOM), run the selected scanners on the single read (detectors
// on every layer), match its packages against the vulnerability database, apply the ignore
// file and VEX, and report with a summary; the policy decides the exit code.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/detect_flags.h"
#include "cli/image_opener.h"
#include "cli/policy_flags.h"
#include "cli/upload.h"
#include "cli/vuln_flags.h"
#include "common/status.h"
#include "common/version.h"
#include "detect/detection.h"
#include "detect/dockerfile_checks.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "report/render.h"
#include "report/sbom_reader.h"
#include "report/scan_result.h"
#include "report/summary.h"

namespace moat::cli {
namespace {

struct ScanFlags {
  OpenFlags open;
  VulnFlags vulns;
  DetectFlags detect;
  PolicyFlags policy;
  UploadFlags upload;  // --upload: send the result to the center
  std::string sbom;    // --sbom: scan a stored SBOM instead of an image
  std::string format = "table";
  std::string output;
  int jobs = 0;
  bool quiet = false;
};

constexpr size_t kMaxSbomBytes = size_t{1} << 30;

absl::Status WriteOutput(const Context& ctx, const ScanFlags& flags, const std::string& text) {
  if (flags.output.empty() || flags.output == "-") {
    std::fwrite(text.data(), 1, text.size(), ctx.out);
    return absl::OkStatus();
  }
  return ctx.fs->WriteFileAtomic(flags.output, text);
}

int UsageError(const Context& ctx, absl::string_view message) {
  std::fprintf(ctx.err, "moat: error: %s\n", std::string(message).c_str());
  return kExitUsage;
}

// The inventory of the image the flags name, and the findings of `detectors` on it.
absl::Status ScanImage(Context& ctx, const ScanFlags& flags, const detect::Detectors& detectors,
                       report::ScanResult& result) {
  auto source = OpenImage(ctx, flags.open);
  if (!source.ok()) return source.status();
  image::ReadOptions options;
  options.limits = flags.open.limits;
  options.jobs = flags.jobs > 0 ? flags.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (ctx.err_is_terminal && !flags.quiet) {
    options.on_layer_done = [&ctx](int, int done, int total) {
      std::fprintf(ctx.err, "\rmoat: %d/%d layers read", done, total);
      if (done == total) std::fputc('\n', ctx.err);
    };
  }
  auto catalogers = inventory::AllCatalogers();
  detect::DetectionFactory detection(detectors.file, (*source)->info().layers.size());
  auto inventory = inventory::BuildInventory(**source, catalogers, options, &detection);
  if (!inventory.ok()) return Annotate(inventory.status(), (*source)->info().reference);
  result.image = (*source)->info();
  result.inventory = std::move(inventory->inventory);
  result.findings = detect::FinishFindings(detection.TakeAll(), detectors.image,
                                           {result.image, inventory->files.get()});
  return absl::OkStatus();
}

// The inventory a stored CycloneDX or SPDX document lists.
absl::Status ReadSbomInventory(Context& ctx, const ScanFlags& flags, report::ScanResult& result) {
  auto text = ctx.fs->ReadFile(flags.sbom, kMaxSbomBytes);
  if (!text.ok()) return Annotate(text.status(), flags.sbom);
  auto sbom = report::ReadSbom(*text, flags.sbom);
  if (!sbom.ok()) return sbom.status();
  result.image.reference = flags.sbom;
  result.image.source_type = absl::StrCat("sbom-", sbom->format);
  result.inventory = std::move(sbom->inventory);
  if (sbom->skipped > 0) {
    result.inventory.warnings.push_back(
        absl::StrCat(flags.sbom, ": ", sbom->skipped,
                     " components without a package URL Moat can match were left out"));
  }
  return absl::OkStatus();
}

constexpr size_t kMaxDockerfileBytes = size_t{4} << 20;

// --dockerfile: its findings join the image's (or stand alone).
absl::Status ScanDockerfileFlag(Context& ctx, const ScanFlags& flags, report::ScanResult& result) {
  auto text = ctx.fs->ReadFile(flags.detect.dockerfile, kMaxDockerfileBytes);
  if (!text.ok()) return Annotate(text.status(), flags.detect.dockerfile);
  auto found = detect::ScanDockerfile(flags.detect.dockerfile, *text);
  if (!found.ok()) return found.status();
  std::vector<detect::Finding> all = std::move(result.findings);
  for (detect::Finding& f : *found) all.push_back(std::move(f));
  result.findings = detect::FinishFindings(std::move(all), {}, {result.image, nullptr});
  return absl::OkStatus();
}

std::string Today() { return absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()); }

void Warn(const Context& ctx, const ScanFlags& flags, const std::vector<std::string>& warnings) {
  if (flags.quiet) return;
  for (const std::string& w : warnings) std::fprintf(ctx.err, "moat: warning: %s\n", w.c_str());
}

bool Selected(const std::vector<std::string>& scanners, absl::string_view name) {
  return std::find(scanners.begin(), scanners.end(), name) != scanners.end();
}

// Usage errors, found before the (long) scan so a typo fails at once.
absl::Status CheckUsage(const ScanFlags& flags) {
  if (auto probe = report::RenderReport(report::ScanResult{}, flags.format); !probe.ok()) {
    return probe.status();
  }
  MOAT_RETURN_IF_ERROR(ValidatePolicyFlags(flags.policy));
  MOAT_RETURN_IF_ERROR(SelectedScanners(flags.detect).status());
  const int inputs = !flags.sbom.empty() + !flags.open.target.empty();
  if (inputs > 1 || (inputs == 0 && flags.detect.dockerfile.empty())) {
    return absl::InvalidArgumentError("give either an image or --sbom FILE (or --dockerfile FILE)");
  }
  return absl::OkStatus();
}

int RunScan(Context& ctx, const ScanFlags& flags) {
  if (absl::Status usage = CheckUsage(flags); !usage.ok()) return UsageError(ctx, usage.message());
  auto upload = ResolveUpload(ctx, flags.upload);
  if (!upload.ok()) return UsageError(ctx, upload.status().message());
  std::vector<std::string> scanners = *SelectedScanners(flags.detect);
  auto policy = LoadPolicyInputs(ctx, flags.policy);
  if (!policy.ok()) return ReportError(ctx, policy.status());
  auto detectors = BuildDetectors(ctx, flags.detect, scanners);
  if (!detectors.ok()) return ReportError(ctx, detectors.status());
  report::ScanResult result;
  result.scanners = scanners;
  absl::Status read = absl::OkStatus();
  if (!flags.open.target.empty()) {
    read = ScanImage(ctx, flags, *detectors, result);
  } else if (!flags.sbom.empty()) {
    read = ReadSbomInventory(ctx, flags, result);
  }
  if (!read.ok()) return ReportError(ctx, read);
  if (!flags.detect.dockerfile.empty()) {
    if (flags.open.target.empty() && flags.sbom.empty()) result.scanners = {"config"};
    if (absl::Status checked = ScanDockerfileFlag(ctx, flags, result); !checked.ok()) {
      return ReportError(ctx, checked);
    }
  }
  result.scanner_version = kMoatVersion;
  result.scanned_at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  Warn(ctx, flags, result.inventory.warnings);
  if (Selected(result.scanners, "vuln") && !flags.vulns.skip) {
    absl::Status matched =
        MatchVulnerabilities(ctx, flags.vulns, flags.quiet, PolicyGiven(flags.policy), result);
    if (!matched.ok()) return ReportError(ctx, matched);
  } else {
    result.scanners.erase(std::remove(result.scanners.begin(), result.scanners.end(), "vuln"),
                          result.scanners.end());
  }
  Warn(ctx, flags, ApplyPolicyInputs(*policy, Today(), result));
  report::ScanResult all = result;
  FilterShown(flags.policy, result);
  report::RenderOptions options;
  options.summary = true;
  options.color = ctx.out_is_terminal && (flags.output.empty() || flags.output == "-");
  auto text = report::RenderReport(result, flags.format, options);
  if (!text.ok()) return ReportError(ctx, text.status());
  absl::Status written = WriteOutput(ctx, flags, *text);
  if (!written.ok()) return ReportError(ctx, written);
  // The table ends with the summary; other formats print it on stderr for the person in CI.
  if (flags.format != "table" && !flags.quiet) {
    std::string summary = report::RenderSummary(result, {ctx.err_is_terminal});
    std::fputs(summary.c_str(), ctx.err);
  }
  std::optional<GateOutcome> gate = EvaluateGate(flags.policy, all, result);
  // A failed upload wins over the gate: a pipeline must not believe the center has the scan.
  if (upload->has_value() && UploadScan(ctx, **upload, all, gate, flags.quiet) != kExitOk) {
    return kExitError;
  }
  return gate.has_value() ? gate->exit_code : kExitOk;
}

}  // namespace

void AddScanCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  auto flags = std::make_shared<ScanFlags>();
  sub.add_option("target", flags->open.target,
                 "Image: docker-archive or oci-archive tar, OCI layout dir[:tag|@digest], "
                 "root file system dir, or registry reference (host[:port]/repo[:tag|@digest])");
  sub.add_option("--sbom", flags->sbom,
                 "Scan a stored CycloneDX or SPDX JSON SBOM instead of an image");
  sub.add_option("--format,-f", flags->format, "Output format: table, json, sarif, cyclonedx, spdx")
      ->capture_default_str();
  sub.add_option("--output,-o", flags->output, "Write the report to FILE instead of stdout");
  sub.add_option("--jobs,-j", flags->jobs, "Layers read in parallel (default: CPU count)");
  sub.add_flag("--quiet,-q", flags->quiet, "No progress or warnings on stderr");
  AddOpenFlags(sub, flags->open);
  AddVulnFlags(sub, flags->vulns);
  AddDetectFlags(sub, flags->detect);
  AddPolicyFlags(sub, flags->policy);
  AddUploadFlags(sub, flags->upload);
  sub.callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunScan(ctx, *flags); }; });
}

}  // namespace moat::cli
