// `moat server`: runs the center (API, workers, scheduler) until SIGINT or SIGTERM.
#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "cli/detect_flags.h"
#include "platform/clock.h"
#include "server/server_app.h"

namespace moat::cli {
namespace {

struct ServerFlags {
  server::ServerOptions options;
  std::string web_dir;  // --web-dir: required to load when given
  DetectFlags detect;   // --scanners and the detectors' rule files
  std::string listen = "127.0.0.1:8080";
  std::string license_public_key;
  int schedule_period_s = 30;
  int lease_s = 60;
  double blob_cache_gib = 20;
};

absl::Status ParseListen(const std::string& listen, server::ServerOptions& options) {
  size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--listen \"", listen, "\": expected ADDRESS:PORT, e.g. 127.0.0.1:8080"));
  }
  options.address = listen.substr(0, colon);
  if (options.address.size() > 2 && options.address.front() == '[') {
    options.address = options.address.substr(1, options.address.size() - 2);
  }
  options.port = port;
  return absl::OkStatus();
}

// Where the console's files are when --web-dir is not given: $MOAT_WEB_DIR, the build's
// web/dist (a binary run from its build tree), <install prefix>/share/moat/web,
// /usr/share/moat/web; "" when none has an index.html.
std::string DefaultWebDir(Context& ctx) {
  std::vector<std::string> candidates;
  if (ctx.getenv) {
    if (auto env = ctx.getenv("MOAT_WEB_DIR"); env.has_value() && !env->empty()) {
      return *env;  // explicit: an error there must be reported, not skipped
    }
  }
#ifdef MOAT_WEB_BUILD_DIR
  candidates.push_back(MOAT_WEB_BUILD_DIR);
#endif
#ifdef MOAT_WEB_INSTALL_DIR
  candidates.push_back(MOAT_WEB_INSTALL_DIR);
#endif
  candidates.push_back("/usr/share/moat/web");
  for (const std::string& dir : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(std::filesystem::path(dir) / "index.html", ec)) return dir;
  }
  return "";
}

int RunServer(Context& ctx, ServerFlags& flags) {
  if (absl::Status listen = ParseListen(flags.listen, flags.options); !listen.ok()) {
    std::fprintf(ctx.err, "moat: error: %s\n", std::string(listen.message()).c_str());
    return kExitUsage;
  }
  if (!flags.license_public_key.empty()) {
    if (!flags.options.dev_mode) {
      std::fprintf(ctx.err, "moat: error: --license-public-key is only accepted with --dev-mode\n");
      return kExitUsage;
    }
    auto pem = ctx.fs->ReadFile(flags.license_public_key, 64 * 1024);
    if (!pem.ok()) return ReportError(ctx, pem.status());
    flags.options.license_public_key_pem = *pem;
  }
  auto scanners = SelectedScanners(flags.detect);
  if (!scanners.ok()) {
    std::fprintf(ctx.err, "moat: error: %s\n", std::string(scanners.status().message()).c_str());
    return kExitUsage;
  }
  flags.options.detectors.scanners = *scanners;  // "vuln" has no detector: --db decides
  flags.options.detectors.secret_config = flags.detect.secret_config;
  flags.options.detectors.malware_rules = flags.detect.malware_rules;
  flags.options.detectors.malware_hashes = flags.detect.malware_hashes;
  flags.options.web_dir = flags.web_dir.empty() ? DefaultWebDir(ctx) : flags.web_dir;
  if (flags.options.web_dir.empty()) {
    std::fprintf(ctx.err,
                 "moat: the web console is not built (ninja moat_web; or --web-dir DIR): serving "
                 "the API only\n");
  }
  flags.options.scheduler_period_ms = int64_t{flags.schedule_period_s} * 1000;
  flags.options.lease_ms = int64_t{flags.lease_s} * 1000;
  flags.options.blob_cache_max_bytes = static_cast<uint64_t>(flags.blob_cache_gib * (1 << 30));
  // Block the stop signals before any thread starts, so every thread inherits the mask and the
  // main thread alone takes them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  platform::RealClock clock;
  server::ServerEnv env{&clock, ctx.make_http_client};
  auto app = server::ServerApp::Start(flags.options, env);
  if (!app.ok()) return ReportError(ctx, app.status());
  std::fprintf(ctx.out, "moat center listening on %s\n", (*app)->url().c_str());
  if ((*app)->first_admin_token().has_value()) {
    std::fprintf(ctx.out, "first admin token (shown once, store it now): %s\n",
                 (*app)->first_admin_token()->c_str());
  }
  std::fflush(ctx.out);
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::fprintf(ctx.err, "moat: stopping (signal %d)\n", signal_number);
  (*app)->Stop();
  return kExitOk;
}

}  // namespace

void AddServerCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  auto flags = std::make_shared<ServerFlags>();
  std::string default_dir = "/var/lib/moat";
  if (ctx.getenv) default_dir = ctx.getenv("MOAT_DATA_DIR").value_or(default_dir);
  flags->options.data_dir = default_dir;
  sub.add_option("--data-dir", flags->options.data_dir,
                 "Data directory: SQLite store, secret key, layer cache (default $MOAT_DATA_DIR "
                 "or /var/lib/moat)");
  sub.add_option("--database", flags->options.database,
                 "Store: postgres://user@host/db, or a SQLite file (default <data-dir>/moat.db)");
  sub.add_option("--listen", flags->listen, "ADDRESS:PORT to serve on (port 0: any free port)")
      ->capture_default_str();
  sub.add_option("--tls-cert", flags->options.tls_cert_file, "TLS certificate chain (PEM)");
  sub.add_option("--tls-key", flags->options.tls_key_file, "TLS private key (PEM)");
  sub.add_option("--db", flags->options.vulndb_path, "Vulnerability database file");
  sub.add_option("--workers", flags->options.scan_workers,
                 "Scan workers of this replica (0: API only)")
      ->capture_default_str();
  sub.add_option("--replica-id", flags->options.replica_id,
                 "Name of this replica in job leases (default hostname:pid)");
  sub.add_option("--schedule-period", flags->schedule_period_s,
                 "Seconds between checks for due registry scans and a changed vulnerability "
                 "database")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  sub.add_option("--lease", flags->lease_s,
                 "Seconds a scan job stays with a worker that stops renewing it (a killed "
                 "replica) before another replica may take it")
      ->capture_default_str()
      ->check(CLI::Range(2, 3600));
  AddScannerFlags(sub, flags->detect);
  sub.add_option("--web-dir", flags->web_dir,
                 "The web console's built files, served at / (default $MOAT_WEB_DIR, the build's "
                 "web/dist, <install prefix>/share/moat/web, /usr/share/moat/web)");
  sub.add_option("--layer-cache-size", flags->blob_cache_gib,
                 "GiB of layer blobs kept in <data-dir>/blobs, least recently used removed first "
                 "(0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  sub.add_flag("--dev-mode", flags->options.dev_mode,
               "Development/test mode: allows --license-public-key");
  sub.add_option("--license-public-key", flags->license_public_key,
                 "Verify licenses with this Ed25519 public key (PEM) instead of Moat's (dev mode)");
  sub.callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunServer(ctx, *flags); }; });
}

}  // namespace moat::cli
