// `moat scan <target>`: read an image from any source and report its inventory.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/image_opener.h"
#include "common/status.h"
#include "common/version.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "report/render.h"
#include "report/scan_result.h"

namespace moat::cli {
namespace {

struct ScanFlags {
  OpenFlags open;
  std::string format = "table";
  std::string output;
  int jobs = 0;
  bool quiet = false;
};

absl::Status WriteOutput(const Context& ctx, const ScanFlags& flags, const std::string& text) {
  if (flags.output.empty() || flags.output == "-") {
    std::fwrite(text.data(), 1, text.size(), ctx.out);
    return absl::OkStatus();
  }
  return ctx.fs->WriteFileAtomic(flags.output, text);
}

int RunScan(Context& ctx, const ScanFlags& flags) {
  // Check the format before the (long) scan, so a typo fails at once.
  if (auto probe = report::RenderReport(report::ScanResult{}, flags.format); !probe.ok()) {
    std::fprintf(ctx.err, "moat: error: %s\n", std::string(probe.status().message()).c_str());
    return kExitUsage;
  }
  auto source = OpenImage(ctx, flags.open);
  if (!source.ok()) return ReportError(ctx, source.status());
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
  if (!inventory.ok()) {
    return ReportError(ctx, Annotate(inventory.status(), (*source)->info().reference));
  }
  report::ScanResult result;
  result.image = (*source)->info();
  result.inventory = std::move(inventory->inventory);
  result.scanner_version = kMoatVersion;
  result.scanned_at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  if (!flags.quiet) {
    for (const std::string& warning : result.inventory.warnings) {
      std::fprintf(ctx.err, "moat: warning: %s\n", warning.c_str());
    }
  }
  auto text = report::RenderReport(result, flags.format);
  if (!text.ok()) return ReportError(ctx, text.status());
  absl::Status written = WriteOutput(ctx, flags, *text);
  if (!written.ok()) return ReportError(ctx, written);
  return kExitOk;
}

}  // namespace

void AddScanCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  auto flags = std::make_shared<ScanFlags>();
  sub.add_option("target", flags->open.target,
                 "Image: docker-archive or oci-archive tar, OCI layout dir[:tag|@digest], "
                 "root file system dir, or registry reference (host[:port]/repo[:tag|@digest])")
      ->required();
  sub.add_option("--format,-f", flags->format, "Output format: table, json, cyclonedx, spdx")
      ->capture_default_str();
  sub.add_option("--output,-o", flags->output, "Write the report to FILE instead of stdout");
  sub.add_option("--jobs,-j", flags->jobs, "Layers read in parallel (default: CPU count)");
  sub.add_flag("--quiet,-q", flags->quiet, "No progress or warnings on stderr");
  AddOpenFlags(sub, flags->open);
  sub.callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunScan(ctx, *flags); }; });
}

}  // namespace moat::cli
