// Wiring of one center process: data dir → store → center → HTTP server, workers, scheduler.
#include "server/server_app.h"

#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "auth/secret_box.h"
#include "auth/secret_key_file.h"
#include "common/status.h"
#include "detect/detector_set.h"
#include "http/http_server.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "license/embedded_key.h"
#include "platform/file_system.h"
#include "scanjob/registry_scan.h"
#include "scanjob/rematch.h"
#include "scanjob/worker.h"
#include "server/bootstrap.h"
#include "server/center.h"
#include "server/harbor_adapter.h"
#include "server/openapi.h"
#include "server/scheduler.h"
#include "server/webhook_notifier.h"
#include "store/store.h"

namespace moat::server {
namespace {

std::string ReplicaId() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, ":", getpid());
}

class ServerAppImpl : public ServerApp {
 public:
  ~ServerAppImpl() override { Stop(); }

  // Everything that can fail for a bad option (rule files, web dir, store, port) fails before
  // the first admin token is made, so a corrected restart still shows it.
  absl::Status Init(const ServerOptions& options, ServerEnv env) {
    options_ = options;
    env_ = std::move(env);
    MOAT_RETURN_IF_ERROR(BuildDetectors());
    MOAT_RETURN_IF_ERROR(LoadConsole());
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec)
      return absl::FailedPreconditionError(
          absl::StrCat("data dir ", options.data_dir, ": ", ec.message()));
    std::string location = options.database.empty()
                               ? (std::filesystem::path(options.data_dir) / "moat.db").string()
                               : options.database;
    MOAT_ASSIGN_OR_RETURN(store_, store::OpenStore(location));
    MOAT_ASSIGN_OR_RETURN(std::string key,
                          auth::LoadOrCreateKey((std::filesystem::path(options.data_dir) /
                                                 std::string(auth::kSecretKeyFileName))
                                                    .string()));
    MOAT_ASSIGN_OR_RETURN(auth::SecretBox box, auth::SecretBox::Create(key));
    secrets_ = std::make_unique<auth::SecretBox>(std::move(box));
    BuildScanEnv();
    DefineMetrics();
    BuildCenter();
    RegisterConsole();
    http::HttpServerOptions http_options;
    http_options.address = options.address;
    http_options.port = static_cast<uint16_t>(options.port);
    http_options.tls_cert_file = options.tls_cert_file;
    http_options.tls_key_file = options.tls_key_file;
    http_ = std::make_unique<http::HttpServer>(http_options, &router_, &metrics_);
    MOAT_RETURN_IF_ERROR(http_->Start());
    MOAT_ASSIGN_OR_RETURN(first_token_,
                          CreateFirstAdminToken(*store_, absl::ToUnixMillis(env_.clock->Now())));
    std::string owner = options.replica_id.empty() ? ReplicaId() : options.replica_id;
    for (int i = 0; i < options.scan_workers; ++i) {
      workers_.push_back(std::make_unique<scanjob::Worker>(scan_env_, absl::StrCat(owner, "/", i),
                                                           absl::Milliseconds(options.lease_ms)));
      workers_.back()->Start();
    }
    scheduler_ =
        std::make_unique<Scheduler>(scan_env_, absl::Milliseconds(options.scheduler_period_ms));
    scheduler_->Start();
    return absl::OkStatus();
  }

  int port() const override { return http_ ? http_->port() : 0; }
  std::string url() const override {
    bool tls = !options_.tls_cert_file.empty() && !options_.tls_key_file.empty();
    std::string host = options_.address == "0.0.0.0" ? "127.0.0.1" : options_.address;
    return absl::StrCat(tls ? "https://" : "http://", host, ":", port());
  }
  const std::optional<std::string>& first_admin_token() const override { return first_token_; }

  void Stop() override {
    if (scheduler_) scheduler_->Stop();
    for (auto& worker : workers_) worker->Stop();
    if (http_) http_->Stop();
    if (notifier_) notifier_->Stop();
  }

 private:
  void BuildScanEnv() {
    scan_env_.store = store_.get();
    scan_env_.clock = env_.clock;
    scan_env_.make_http = env_.make_http;
    scan_env_.blob_cache_dir = (std::filesystem::path(options_.data_dir) / "blobs").string();
    scan_env_.blob_cache_max_bytes = options_.blob_cache_max_bytes;
    scan_env_.db_path = options_.vulndb_path;
    scan_env_.open_secret = [this](const std::string& sealed) { return secrets_->Open(sealed); };
    scan_env_.detectors = &detectors_;
  }

  // Registry scans look for what `moat scan` looks for: by default secrets (built-in rules),
  // sensitive files, malware (EICAR), config and history risks.
  absl::Status BuildDetectors() {
    std::vector<std::string> warnings;
    MOAT_ASSIGN_OR_RETURN(detectors_,
                          detect::NewDetectors(&file_system_, options_.detectors, &warnings));
    for (const std::string& w : warnings) std::fprintf(stderr, "moat: warning: %s\n", w.c_str());
    return absl::OkStatus();
  }

  void DefineMetrics() {
    store::Store* store = store_.get();
    (void)metrics_.DefineGaugeCallback("moat_scan_queue_depth", "Scan jobs waiting in the queue",
                                       std::function<double()>([store] {
                                         auto queued = store->CountJobs("queued");
                                         return queued.ok() ? static_cast<double>(*queued) : -1.0;
                                       }));
    (void)metrics_.DefineGaugeCallback("moat_scan_jobs_running",
                                       "Scan jobs being run by some replica",
                                       std::function<double()>([store] {
                                         auto running = store->CountJobs("running");
                                         return running.ok() ? static_cast<double>(*running) : -1.0;
                                       }));
    (void)metrics_.DefineGaugeCallback(
        "moat_scan_jobs", "Scan jobs in the queue by state (done and failed are scans by result)",
        http::Metrics::GaugeCallback([store] {
          std::vector<http::GaugeSample> samples;
          for (const char* state : {"queued", "running", "done", "failed"}) {
            auto count = store->CountJobs(state);
            if (count.ok()) samples.push_back({{{"state", state}}, static_cast<double>(*count)});
          }
          return samples;
        }));
    platform::Clock* clock = env_.clock;
    (void)metrics_.DefineGaugeCallback(
        "moat_vulndb_age_seconds", "Seconds since the vulnerability database in use was built",
        std::function<double()>([store, clock] {
          auto built = store->GetSetting("vulndb.built_at");
          absl::Time when;
          std::string error;
          if (!built.ok() || !built->has_value() ||
              !absl::ParseTime(absl::RFC3339_full, **built, &when, &error)) {
            return -1.0;
          }
          return absl::ToDoubleSeconds(clock->Now() - when);
        }));
  }

  void BuildCenter() {
    CenterDeps deps;
    deps.store = store_.get();
    deps.clock = env_.clock;
    deps.render_metrics = [this] { return metrics_.Render(); };
    notifier_ = std::make_unique<WebhookNotifier>(store_.get(), env_.clock, env_.make_http);
    notifier_->Start();
    deps.notify = [this](const store::AlertRecord& alert) { notifier_->Notify(alert); };
    deps.seal_secret = [this](const std::string& text) { return secrets_->Seal(text); };
    deps.test_registry = [this](const store::RegistryRecord& registry,
                                const std::string& password) {
      return scanjob::TestRegistry(scan_env_, registry, password);
    };
    deps.scan_registry = [this](const store::RegistryRecord& registry) {
      return scanjob::EnqueueRegistryScan(scan_env_, registry);
    };
    CenterConfig config;
    config.version = "0.1.0";
    config.openapi_json = OpenApiJson();
    config.license_public_key_pem = options_.dev_mode && !options_.license_public_key_pem.empty()
                                        ? options_.license_public_key_pem
                                        : std::string(license::EmbeddedPublicKeyPem());
    center_ = std::make_unique<Center>(std::move(deps), std::move(config));
    center_->Register(router_);
    HarborDeps harbor;
    harbor.store = store_.get();
    harbor.clock = env_.clock;
    harbor.seal_secret = [this](const std::string& text) { return secrets_->Seal(text); };
    harbor.authorize = [this](const http::Request& request) {
      return center_->Authorize(request, Need::kScan).status();
    };
    harbor.version = "0.1.0";
    harbor_ = std::make_unique<HarborAdapter>(std::move(harbor));
    harbor_->Register(router_);
  }

  absl::Status LoadConsole() {
    if (options_.web_dir.empty()) return absl::OkStatus();
    MOAT_ASSIGN_OR_RETURN(http::StaticFiles files, http::StaticFiles::Load(options_.web_dir));
    console_ = std::make_unique<http::StaticFiles>(std::move(files));
    return absl::OkStatus();
  }

  void RegisterConsole() {
    if (console_ != nullptr) {
      console_->Register(router_);
      return;
    }
    router_.Add("GET", "/", [](http::Request&) {
      return http::ErrorResponse(404,
                                 "the web console is not installed on this center: build it "
                                 "(ninja moat_web) or start moat server with --web-dir");
    });
  }

  ServerOptions options_;
  ServerEnv env_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::SecretBox> secrets_;
  std::optional<std::string> first_token_;
  platform::PosixFileSystem file_system_;
  detect::Detectors detectors_;
  scanjob::ScanEnv scan_env_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<WebhookNotifier> notifier_;
  std::unique_ptr<Center> center_;
  std::unique_ptr<HarborAdapter> harbor_;
  std::unique_ptr<http::StaticFiles> console_;
  std::unique_ptr<http::HttpServer> http_;
  std::vector<std::unique_ptr<scanjob::Worker>> workers_;
  std::unique_ptr<Scheduler> scheduler_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ServerApp>> ServerApp::Start(const ServerOptions& options,
                                                            ServerEnv env) {
  auto app = std::make_unique<ServerAppImpl>();
  MOAT_RETURN_IF_ERROR(app->Init(options, std::move(env)));
  return std::unique_ptr<ServerApp>(std::move(app));
}

}  // namespace moat::server
