// Test support for the Harbor adapter tests: a SQLite store, a real SecretBox, the adapter on a
// router with an operator-token check, a scan worker, and requests dispatched without sockets.
#pragma once

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "auth/secret_box.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "http/router.h"
#include "platform/clock.h"
#include "platform/file_system.h"
#include "platform/http_client.h"
#include "scanjob/scan_env.h"
#include "scanjob/worker.h"
#include "server/harbor_adapter.h"
#include "server/harbor_request.h"
#include "store/store.h"
#include "testing/paths.h"
#include "testing/store_location.h"
#include "vulndb/db_build.h"
#include "vulndb/feed_import.h"

namespace moat::server {

inline constexpr char kOperatorToken[] = "moat_test_operator_token";

class HarborTestEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    location_ = testing::NewStoreLocation("sqlite", &error);
    ASSERT_NE(location_, nullptr) << error;
    auto opened = store::OpenStore(location_->location());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
    dir_ = testing::MakeTempDir("harbor");
    std::string key(auth::kSecretKeySize, '\0');
    std::random_device random;
    for (char& c : key) c = static_cast<char>(random());
    auto box = auth::SecretBox::Create(key);
    ASSERT_TRUE(box.ok()) << box.status();
    box_ = std::make_unique<auth::SecretBox>(*std::move(box));
    HarborDeps deps;
    deps.store = store_.get();
    deps.clock = &clock_;
    deps.seal_secret = [this](const std::string& s) { return box_->Seal(s); };
    deps.authorize = [](const http::Request& request) {
      if (request.Header("authorization") == absl::StrCat("Bearer ", kOperatorToken)) {
        return absl::OkStatus();
      }
      return absl::UnauthenticatedError("unknown or revoked API token");
    };
    deps.version = "0.1.0-test";
    adapter_ = std::make_unique<HarborAdapter>(std::move(deps));
    adapter_->Register(router_);
  }

  scanjob::ScanEnv Env() {
    scanjob::ScanEnv env;
    env.store = store_.get();
    env.clock = &clock_;
    env.make_http = [](const platform::HttpClientOptions& options) {
      return platform::NewCurlHttpClient(options);
    };
    env.blob_cache_dir = dir_ + "/blobs";
    env.db_path = dir_ + "/moat.db";
    env.open_secret = [this](const std::string& s) { return box_->Open(s); };
    return env;
  }

  // Builds the vulnerability database from the GHSA fixture (moat-test-pkg 1.0.0 is
  // CVE-2099-0001, critical, fixed in 1.2.3).
  void BuildDatabase() {
    platform::PosixFileSystem fs;
    vulndb::BuildOptions options;
    options.inputs = {testing::FixturePath("vulndb/feeds/ghsa")};
    options.db_path = dir_ + "/moat.db";
    options.jobs = 1;
    auto built = vulndb::BuildDatabase(&fs, &clock_, vulndb::ImportFeedPath, options);
    ASSERT_TRUE(built.ok()) << built.status();
  }

  // Runs every queued job; returns how many ran.
  int Drain() {
    scanjob::Worker worker(Env(), "harbor-test");
    int ran = 0;
    while (true) {
      absl::StatusOr<bool> once = worker.RunOnce();
      EXPECT_TRUE(once.ok()) << once.status();
      if (!once.ok() || !*once) return ran;
      ++ran;
    }
  }

  // A request through the router; `target` may carry a query; headers are name/value pairs.
  http::Response Call(const std::string& method, const std::string& target,
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      const std::string& body = "", bool authorized = true) {
    http::Request request;
    request.method = method;
    size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      for (absl::string_view pair : absl::StrSplit(target.substr(question + 1), '&')) {
        std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
        request.query[kv.first] = kv.second;
      }
    }
    if (authorized) headers.emplace_back("authorization", absl::StrCat("Bearer ", kOperatorToken));
    request.headers = std::move(headers);
    request.body = body;
    return router_.Dispatch(request);
  }

  // POSTs a ScanRequest; returns the scan request id ("" on failure, with the test failed).
  std::string Scan(const std::string& registry_url, const std::string& authorization,
                   const std::string& repository, const std::string& digest,
                   const std::string& tag) {
    Json body = {{"registry", {{"url", registry_url}, {"authorization", authorization}}},
                 {"artifact",
                  {{"repository", repository},
                   {"digest", digest},
                   {"tag", tag},
                   {"mime_type", "application/vnd.oci.image.manifest.v1+json"}}}};
    http::Response response = Call("POST", "/harbor/api/v1/scan", {}, DumpJson(body));
    EXPECT_EQ(response.status, 202) << response.body;
    EXPECT_EQ(response.content_type,
              "application/vnd.scanner.adapter.scan.response+json; version=1.0");
    auto parsed = ParseJson(response.body, "scan response");
    if (!parsed.ok()) return "";
    return JsonString(*parsed, "id");
  }

  http::Response Report(const std::string& id, const std::string& accept,
                        const std::string& query = "") {
    return Call("GET", absl::StrCat("/harbor/api/v1/scan/", id, "/report", query),
                {{"accept", accept}});
  }

  static Json Body(const http::Response& response) {
    auto parsed = ParseJson(response.body, "response body");
    EXPECT_TRUE(parsed.ok()) << response.body;
    return parsed.ok() ? *parsed : Json();
  }

  static std::string HeaderOf(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (absl::EqualsIgnoreCase(key, name)) return value;
    }
    return "";
  }

  std::unique_ptr<testing::StoreLocation> location_;
  std::unique_ptr<store::Store> store_;
  std::string dir_;
  std::unique_ptr<auth::SecretBox> box_;
  platform::RealClock clock_;
  http::Router router_;
  std::unique_ptr<HarborAdapter> adapter_;
};

}  // namespace moat::server
