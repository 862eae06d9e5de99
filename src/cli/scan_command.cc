// `moat scan <target>` / `moat scan --sbom FILE`: read an image from any source (or a stored
// SBOM), match its packages against the vulnerability database, and report.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/image_opener.h"
#include "cli/vuln_flags.h"
#include "common/status.h"
#include "common/version.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "report/render.h"
#include "report/sbom_reader.h"
#include "report/scan_result.h"

namespace moat::cli {
namespace {

struct ScanFlags {
  OpenFlags open;
  VulnFlags vulns;
  std::string sbom;  // --sbom: scan a stored SBOM instead of an image
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

// The inventory of the image the flags name.
absl::Status ScanImage(Context& ctx, const ScanFlags& flags, report::ScanResult& result) {
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
  auto inventory = inventory::BuildInventory(**source, catalogers, options);
  if (!inventory.ok()) return Annotate(inventory.status(), (*source)->info().reference);
  result.image = (*source)->info();
  result.inventory = std::move(inventory->inventory);
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

int RunScan(Context& ctx, const ScanFlags& flags) {
  // Check the format and flags before the (long) scan, so a typo fails at once.
  if (auto probe = report::RenderReport(report::ScanResult{}, flags.format); !probe.ok()) {
    return UsageError(ctx, probe.status().message());
  }
  if (absl::Status valid = ValidateVulnFlags(flags.vulns); !valid.ok()) {
    return UsageError(ctx, valid.message());
  }
  if (flags.sbom.empty() == flags.open.target.empty()) {
    return UsageError(ctx, "give either an image or --sbom FILE");
  }
  report::ScanResult result;
  absl::Status read =
      flags.sbom.empty() ? ScanImage(ctx, flags, result) : ReadSbomInventory(ctx, flags, result);
  if (!read.ok()) return ReportError(ctx, read);
  result.scanner_version = kMoatVersion;
  result.scanned_at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  if (!flags.quiet) {
    for (const std::string& warning : result.inventory.warnings) {
      std::fprintf(ctx.err, "moat: warning: %s\n", warning.c_str());
    }
  }
  absl::Status matched = MatchVulnerabilities(ctx, flags.vulns, flags.quiet, result);
  if (!matched.ok()) return ReportError(ctx, matched);
  std::vector<vulndb::Vulnerability> all = result.vulnerabilities;
  FilterShownSeverities(flags.vulns, result.vulnerabilities);
  auto text = report::RenderReport(result, flags.format);
  if (!text.ok()) return ReportError(ctx, text.status());
  absl::Status written = WriteOutput(ctx, flags, *text);
  if (!written.ok()) return ReportError(ctx, written);
  // --fail-on judges every finding; --exit-code alone the ones shown.
  return PolicyExitCode(flags.vulns, flags.vulns.fail_on.empty() ? result.vulnerabilities : all);
}

}  // namespace

void AddScanCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  auto flags = std::make_shared<ScanFlags>();
  sub.add_option("target", flags->open.target,
                 "Image: docker-archive or oci-archive tar, OCI layout dir[:tag|@digest], "
                 "root file system dir, or registry reference (host[:port]/repo[:tag|@digest])");
  sub.add_option("--sbom", flags->sbom,
                 "Scan a stored CycloneDX or SPDX JSON SBOM instead of an image");
  sub.add_option("--format,-f", flags->format, "Output format: table, json, cyclonedx, spdx")
      ->capture_default_str();
  sub.add_option("--output,-o", flags->output, "Write the report to FILE instead of stdout");
  sub.add_option("--jobs,-j", flags->jobs, "Layers read in parallel (default: CPU count)");
  sub.add_flag("--quiet,-q", flags->quiet, "No progress or warnings on stderr");
  AddOpenFlags(sub, flags->open);
  AddVulnFlags(sub, flags->vulns);
  sub.callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunScan(ctx, *flags); }; });
}

}  // namespace moat::cli
