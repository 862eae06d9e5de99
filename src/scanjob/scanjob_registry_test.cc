// The scanning layer against a real registry (docker-registry started by
// tests/integration/registry_env.sh; skipped when MOAT_TEST_REGISTRY_PLAIN is unset) and the
// store's SQLite implementation: queueing tags, the worker storing images,
// the blob cache, re-matching, failures, the catalog and credentials.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "detect/config_detector.h"
#include "detect/sensitive_file_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scanjob/registry_scan.h"
#include "scanjob/rematch.h"
#include "scanjob/test_util.h"
#include "scanjob/worker.h"
#include "testing/fake_clock.h"

namespace moat::scanjob {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ScanJobRegistryTest, QueuesOneJobPerDigestAndTheWorkerStoresEachImage) {
  BuildDatabase();
  RegistryImage one = AppImage("1"), two = AppImage("2"), three = AppImage("3");
  Push("1.0", one);
  Push("2.0", two);
  Push("3.0", three);
  Push("latest", three);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  ASSERT_EQ(jobs->size(), 3u);
  EXPECT_EQ(DigestsOf(*jobs), (std::set<std::string>{one.manifest.digest, two.manifest.digest,
                                                     three.manifest.digest}));
  for (const auto& job : *jobs) {
    EXPECT_EQ(job.kind, "scan");
    EXPECT_EQ(job.state, "queued");
  }
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 3);
  for (const auto& job : *jobs) {
    auto done = store_->GetJob(job.id);
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_EQ(done->state, "done") << done->error;
  }
  store::ImageRecord image = Image(three.manifest.digest);
  EXPECT_EQ(image.type, "registry");
  EXPECT_EQ(image.registry_id, registry_.id);
  EXPECT_EQ(image.repository, repository_);
  EXPECT_THAT(image.tags, ElementsAre("3.0", "latest"));
  EXPECT_EQ(image.image_id, three.config.digest);
  store::RiskCount critical{"vulnerability", "critical", 1, 1};
  EXPECT_THAT(image.risk, ElementsAre(critical));
  EXPECT_THAT(Image(one.manifest.digest).tags, ElementsAre("1.0"));
  auto scan = store_->GetLatestScan(one.manifest.digest);
  ASSERT_TRUE(scan.ok() && scan->has_value());
  auto report = ParseJson((*scan)->report_json, "report");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ((*report)["vulnerabilities"][0]["id"], "CVE-2099-0001");
  EXPECT_EQ((*report)["image"]["digest"], one.manifest.digest);
}

TEST_F(ScanJobRegistryTest, DetectorFindingsCountInTheRiskBesideVulnerabilities) {
  BuildDatabase();
  detect::Detectors detectors;
  detectors.file.push_back(detect::NewSensitiveFileDetector());
  detectors.image.push_back(detect::NewConfigDetector());
  env_.detectors = &detectors;
  RegistryImage image = AppImage("detect");
  Push("1.0", image);
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  auto scan = store_->GetLatestScan(image.manifest.digest);
  ASSERT_TRUE(scan.ok() && scan->has_value());
  Json report = *ParseJson((*scan)->report_json, "r");
  EXPECT_EQ(report["scanners"], Json::array({"vuln", "sensitive", "config"}));
  ASSERT_FALSE(report["findings"].empty());
  std::set<std::string> categories;
  for (const store::RiskCount& r : Image(image.manifest.digest).risk) categories.insert(r.category);
  EXPECT_EQ(categories, (std::set<std::string>{"config", "vulnerability"}));
}

TEST_F(ScanJobRegistryTest, ASecondPassQueuesNothingAndAMovedTagQueuesOneJob) {
  Push("1.0", AppImage("a"));
  Push("2.0", AppImage("b"));
  auto first = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 2u);
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 2);
  auto again = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(*store_->CountJobs("queued"), 0);

  RegistryImage moved = AppImage("c");
  Push("2.0", moved);
  auto after_move = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(after_move.ok()) << after_move.status();
  ASSERT_EQ(after_move->size(), 1u);
  EXPECT_EQ((*after_move)[0].digest, moved.manifest.digest);
  EXPECT_EQ(Drain(worker), 1);
  EXPECT_THAT(Image(moved.manifest.digest).tags, ElementsAre("2.0"));
}

TEST_F(ScanJobRegistryTest, ALayerSharedByTwoImagesIsPulledOnce) {
  RegistryImage one = AppImage("shared-1"), two = AppImage("shared-2");
  ASSERT_EQ(one.layers[0].digest, two.layers[0].digest);
  Push("1", one);
  Push("2", two);
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  log_.Clear();
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 2);
  std::string base = absl::StrCat("/blobs/", one.layers[0].digest);
  EXPECT_EQ(log_.Count("GET", base), 1);
  EXPECT_EQ(log_.Count("GET", absl::StrCat("/blobs/", one.layers[1].digest)), 1);
  EXPECT_EQ(log_.Count("GET", absl::StrCat("/blobs/", two.layers[1].digest)), 1);
  EXPECT_TRUE(Image(two.manifest.digest).scan_id.size() > 0);
  std::string hex = one.layers[0].digest.substr(7);
  EXPECT_TRUE(std::filesystem::exists(absl::StrCat(env_.blob_cache_dir, "/sha256/", hex)));

  // Without the cache the same two scans pull the base layer twice.
  Push("3", AppImage("shared-3"));
  Push("4", AppImage("shared-4"));
  env_.blob_cache_dir.clear();
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  log_.Clear();
  Worker uncached(env_, "replica-b");
  EXPECT_EQ(Drain(uncached), 2);
  EXPECT_EQ(log_.Count("GET", base), 2);
}

TEST_F(ScanJobRegistryTest, RematchAddsVulnerabilitiesWithoutAnyHttpRequest) {
  RegistryImage image = AppImage("rematch");
  Push("1.0", image);
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  EXPECT_TRUE(Image(image.manifest.digest).risk.empty());
  auto before = store_->GetLatestScan(image.manifest.digest);
  ASSERT_TRUE(before.ok() && before->has_value());
  EXPECT_TRUE((*ParseJson((*before)->report_json, "r"))["database"].is_null());

  BuildDatabase();
  log_.Clear();
  auto rematched = RematchAll(env_);
  ASSERT_TRUE(rematched.ok()) << rematched.status();
  EXPECT_EQ(*rematched, 1);
  EXPECT_THAT(log_.entries(), ::testing::IsEmpty());
  store::RiskCount critical{"vulnerability", "critical", 1, 1};
  EXPECT_THAT(Image(image.manifest.digest).risk, ElementsAre(critical));
  auto after = store_->GetLatestScan(image.manifest.digest);
  ASSERT_TRUE(after.ok() && after->has_value());
  Json report = *ParseJson((*after)->report_json, "r");
  EXPECT_EQ(report["vulnerabilities"][0]["id"], "CVE-2099-0001");
  EXPECT_EQ(report["vulnerabilities"][0]["package"], "moat-test-pkg");
  EXPECT_EQ(report["summary"]["vulnerabilities"]["critical"], 1);
  EXPECT_EQ(report["database"]["path"], env_.db_path);
  EXPECT_EQ(report["image"]["digest"], image.manifest.digest);  // the rest is kept
  EXPECT_EQ(report["packages"].size(), 1u);
}

TEST_F(ScanJobRegistryTest, AnUnreachableRegistryFailsTheJobWithTheReason) {
  store::RegistryRecord dead;
  dead.name = "dead";
  dead.type = "docker-registry";
  dead.url = "http://127.0.0.1:1";
  dead.repositories = {"team/app"};
  auto created = store_->CreateRegistry(dead, Audit("registry.create"));
  ASSERT_TRUE(created.ok()) << created.status();
  auto listed = EnqueueRegistryScan(env_, *created);
  ASSERT_FALSE(listed.ok());
  EXPECT_THAT(std::string(listed.status().message()), HasSubstr("127.0.0.1:1"));

  store::JobRecord job;
  job.kind = "scan";
  job.digest = AppImage("x").manifest.digest;
  job.payload = absl::StrCat(R"({"registryId": ")", created->id,
                             R"(", "repository": "team/app", "tag": "1.0"})");
  job.state = "queued";
  auto queued = store_->EnqueueJob(job);
  ASSERT_TRUE(queued.ok()) << queued.status();
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  auto failed = store_->GetJob(queued->id);
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->state, "failed");
  EXPECT_THAT(failed->error, HasSubstr(absl::StrCat("scanning team/app@", job.digest)));
  EXPECT_THAT(failed->error, HasSubstr("pinging registry 127.0.0.1:1"));
}

TEST_F(ScanJobRegistryTest, ATagOnAScannedDigestIsAddedWithoutPulling) {
  RegistryImage image = AppImage("retag");
  Push("1.0", image);
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  std::string scan_id = Image(image.manifest.digest).scan_id;
  Push("stable", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  log_.Clear();
  EXPECT_EQ(Drain(worker), 1);
  EXPECT_EQ(log_.Count("GET", "/manifests/" + image.manifest.digest), 0);
  EXPECT_THAT(Image(image.manifest.digest).tags, ElementsAre("1.0", "stable"));
  EXPECT_EQ(Image(image.manifest.digest).scan_id, scan_id);  // tagged, not stored again
}

TEST_F(ScanJobRegistryTest, ListsTheCatalogAndChecksCredentials) {
  Push("1.0", AppImage("catalog"));
  env_.make_http = [](const platform::HttpClientOptions& options) {
    return platform::NewCurlHttpClient(options);
  };
  store::RegistryRecord open = registry_;
  open.repositories.clear();
  auto repositories = ListRepositories(env_, open);
  ASSERT_TRUE(repositories.ok()) << repositories.status();
  EXPECT_THAT(*repositories, ::testing::Contains(repository_));
  EXPECT_TRUE(TestRegistry(env_, open, "").ok());

  std::string basic = Env("MOAT_TEST_REGISTRY_BASIC");
  if (basic.empty()) GTEST_SKIP() << "MOAT_TEST_REGISTRY_BASIC is unset";
  store::RegistryRecord guarded;
  guarded.name = "guarded";
  guarded.url = absl::StrCat("http://", basic);
  guarded.username = Env("MOAT_TEST_REGISTRY_USER");
  EXPECT_TRUE(TestRegistry(env_, guarded, Env("MOAT_TEST_REGISTRY_PASSWORD")).ok());
  absl::Status refused = TestRegistry(env_, guarded, "wrong");
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied) << refused;
  EXPECT_THAT(std::string(refused.message()), HasSubstr("refused the credentials"));
}

TEST_F(ScanJobRegistryTest, ATlsRegistryIsTrustedThroughItsCaPem) {
  std::string tls = Env("MOAT_TEST_REGISTRY_TLS");
  if (tls.empty()) GTEST_SKIP() << "MOAT_TEST_REGISTRY_TLS is unset";
  std::ifstream ca_file(Env("MOAT_TEST_REGISTRY_TLS_CA"));
  std::stringstream ca;
  ca << ca_file.rdbuf();
  store::RegistryRecord registry;
  registry.name = "tls";
  registry.url = absl::StrCat("https://", tls);
  registry.username = Env("MOAT_TEST_REGISTRY_USER");
  absl::Status untrusted = TestRegistry(env_, registry, Env("MOAT_TEST_REGISTRY_PASSWORD"));
  EXPECT_FALSE(untrusted.ok());
  EXPECT_THAT(std::string(untrusted.message()), HasSubstr("registry \"tls\""));
  registry.ca_pem = ca.str();
  absl::Status trusted = TestRegistry(env_, registry, Env("MOAT_TEST_REGISTRY_PASSWORD"));
  EXPECT_TRUE(trusted.ok()) << trusted;
  registry.ca_pem.clear();
  registry.insecure = true;
  absl::Status insecure = TestRegistry(env_, registry, Env("MOAT_TEST_REGISTRY_PASSWORD"));
  EXPECT_TRUE(insecure.ok()) << insecure;
}
TEST_F(ScanJobRegistryTest, ATokenRegistryIsScannedWithTheOpenedSecret) {
  std::string token = Env("MOAT_TEST_REGISTRY_TOKEN");
  if (token.empty()) GTEST_SKIP() << "MOAT_TEST_REGISTRY_TOKEN is unset";
  RegistryImage image = AppImage("token");
  Push("1.0", image, token);
  store::RegistryRecord registry;
  registry.name = "token";
  registry.url = absl::StrCat("http://", token);
  registry.username = Env("MOAT_TEST_REGISTRY_USER");
  registry.secret = "sealed";
  registry.repositories = {repository_};
  env_.open_secret = [](const std::string& secret) -> absl::StatusOr<std::string> {
    if (secret != "sealed") return absl::InvalidArgumentError("not sealed by this center");
    return Env("MOAT_TEST_REGISTRY_PASSWORD");
  };
  auto created = store_->CreateRegistry(registry, Audit("registry.create"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(TestRegistry(env_, *created, Env("MOAT_TEST_REGISTRY_PASSWORD")).ok());
  absl::Status refused = TestRegistry(env_, *created, "wrong");
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.message()), HasSubstr("registry \"token\""));
  auto jobs = EnqueueRegistryScan(env_, *created);
  ASSERT_TRUE(jobs.ok()) << jobs.status();
  ASSERT_EQ(jobs->size(), 1u);
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(Image(image.manifest.digest).registry_id, created->id);
}

}  // namespace
}  // namespace moat::scanjob
