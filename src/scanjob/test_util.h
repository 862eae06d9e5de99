// Test support for the scanjob tests: an HttpClient decorator that records every request that
// reaches the network (and can answer the catalog with 403), and the fixture of the tests against
// a real registry (tests/integration/registry_env.sh) and the SQLite store.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "image/registry_client.h"
#include "platform/clock.h"
#include "platform/file_system.h"
#include "platform/http_client.h"
#include "platform/stream.h"
#include "scanjob/scan_env.h"
#include "scanjob/worker.h"
#include "store/store.h"
#include "testing/paths.h"
#include "testing/registry_images.h"
#include "testing/registry_push.h"
#include "vulndb/db_build.h"

namespace moat::scanjob {

class RequestLog {
 public:
  // Called (outside the lock) with every request, before it is sent.
  std::function<void(const platform::HttpRequest&)> on_request;

  void Add(const platform::HttpRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entries_.push_back(request.method + " " + request.url);
    }
    if (on_request) on_request(request);
  }
  std::vector<std::string> entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
  }
  // Requests with `method` whose URL ends with `suffix`.
  int Count(const std::string& method, const std::string& suffix) const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    for (const std::string& e : entries_) {
      if (absl::StartsWith(e, method + " ") && absl::EndsWith(e, suffix)) ++n;
    }
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

class ForbiddenResponse : public platform::HttpResponse {
 public:
  explicit ForbiddenResponse(std::string url) : url_(std::move(url)) {}
  int status_code() const override { return 403; }
  const platform::HttpHeaders& headers() const override { return headers_; }
  platform::ReadStream& body() override { return body_; }
  const std::string& effective_url() const override { return url_; }

 private:
  std::string url_;
  platform::HttpHeaders headers_ = {{"Content-Type", "application/json"}};
  platform::StringStream body_{
      R"({"errors":[{"code":"DENIED","message":"catalog listing is disabled"}]})"};
};

class LoggingHttpClient : public platform::HttpClient {
 public:
  LoggingHttpClient(std::unique_ptr<platform::HttpClient> inner, RequestLog* log, bool deny_catalog)
      : inner_(std::move(inner)), log_(log), deny_catalog_(deny_catalog) {}
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override {
    log_->Add(request);
    if (deny_catalog_ && absl::StrContains(request.url, "/v2/_catalog")) {
      return std::unique_ptr<platform::HttpResponse>(
          std::make_unique<ForbiddenResponse>(request.url));
    }
    return inner_->Send(request);
  }

 private:
  std::unique_ptr<platform::HttpClient> inner_;
  RequestLog* log_;
  bool deny_catalog_;
};

using ::moat::testing::File;
using ::moat::testing::MakeRegistryImage;
using ::moat::testing::RegistryImage;

inline std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

inline std::vector<moat::testing::TarEntry> BaseLayer() {
  return {File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n"),
          File("usr/share/base.txt", std::string(4096, 'b'))};
}

// An image on the shared base layer with the vulnerable test npm package and a marker `n`.
inline RegistryImage AppImage(const std::string& n) {
  std::string package = R"({"name": "moat-test-pkg", "version": "1.0.0"})";
  return MakeRegistryImage(
      {BaseLayer(),
       {File("app/node_modules/moat-test-pkg/package.json", package), File("app/marker", n)}});
}

inline int sequence = 0;

class ScanJobRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    host_ = Env("MOAT_TEST_REGISTRY_PLAIN");
    if (host_.empty()) {
      GTEST_SKIP() << "MOAT_TEST_REGISTRY_PLAIN is unset; run: tests/integration/registry_env.sh "
                      "start && eval \"$(tests/integration/registry_env.sh env)\"";
    }
    dir_ = moat::testing::MakeTempDir("scanjob");
    auto opened = store::OpenStore(dir_ + "/center.db");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
    repository_ = absl::StrCat("scanjob/t", getpid(), "-", ++sequence, "/app");
    env_ = MakeEnv(&clock_);
    store::RegistryRecord registry;
    registry.name = "local";
    registry.type = "docker-registry";
    registry.url = absl::StrCat("http://", host_);
    registry.repositories = {repository_};
    auto created = store_->CreateRegistry(registry, Audit("registry.create"));
    ASSERT_TRUE(created.ok()) << created.status();
    registry_ = *created;
  }

  ScanEnv MakeEnv(platform::Clock* clock) {
    ScanEnv env;
    env.store = store_.get();
    env.clock = clock;
    env.make_http = [this](const platform::HttpClientOptions& options) {
      return std::make_unique<LoggingHttpClient>(platform::NewCurlHttpClient(options), &log_,
                                                 /*deny_catalog=*/true);
    };
    env.blob_cache_dir = dir_ + "/blobs";
    env.db_path = dir_ + "/moat.db";
    env.open_secret = [](const std::string& s) -> absl::StatusOr<std::string> { return s; };
    return env;
  }

  static store::AuditEntry Audit(const std::string& action) {
    store::AuditEntry audit;
    audit.actor = "test";
    audit.action = action;
    return audit;
  }

  // Pushes to the plain registry, or to `host` with the test credentials.
  void Push(const std::string& tag, const RegistryImage& image, const std::string& host = "") {
    auto http = platform::NewCurlHttpClient({});
    platform::RealClock clock;
    image::RegistryClientOptions options;
    options.plain_http = true;
    if (!host.empty()) {
      options.credentials.username = Env("MOAT_TEST_REGISTRY_USER");
      options.credentials.password = Env("MOAT_TEST_REGISTRY_PASSWORD");
    }
    image::RegistryClient client(host.empty() ? host_ : host, repository_, options, http.get(),
                                 &clock);
    absl::Status pushed = moat::testing::PushImage(client, tag, image);
    ASSERT_TRUE(pushed.ok()) << pushed;
  }

  void BuildDatabase() {
    platform::PosixFileSystem fs;
    platform::RealClock clock;
    vulndb::BuildOptions options;
    options.inputs = {moat::testing::FixturePath("vulndb/feeds/ghsa")};
    options.db_path = env_.db_path;
    options.jobs = 1;
    auto built = vulndb::BuildDatabase(&fs, &clock, vulndb::ImportFeedPath, options);
    ASSERT_TRUE(built.ok()) << built.status();
  }

  // Runs queued jobs until the queue is empty; returns how many ran.
  int Drain(Worker& worker) {
    int ran = 0;
    while (true) {
      absl::StatusOr<bool> once = worker.RunOnce();
      EXPECT_TRUE(once.ok()) << once.status();
      if (!once.ok() || !*once) return ran;
      ++ran;
    }
  }

  store::ImageRecord Image(const std::string& digest) {
    auto image = store_->GetImage(digest);
    EXPECT_TRUE(image.ok()) << image.status();
    if (!image.ok() || !image->has_value()) {
      ADD_FAILURE() << "no image " << digest;
      return {};
    }
    return **image;
  }

  std::string host_;
  std::string dir_;
  std::string repository_;
  std::unique_ptr<store::Store> store_;
  platform::RealClock clock_;
  RequestLog log_;
  ScanEnv env_;
  store::RegistryRecord registry_;
};

inline std::set<std::string> DigestsOf(const std::vector<store::JobRecord>& jobs) {
  std::set<std::string> digests;
  for (const auto& job : jobs) digests.insert(job.digest);
  return digests;
}

}  // namespace moat::scanjob
