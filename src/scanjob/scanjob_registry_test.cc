// The scanning layer against a real registry (docker-registry started by
// tests/integration/registry_env.sh; skipped when MOAT_TEST_REGISTRY_PLAIN is unset) and the
// store's SQLite implementation: queueing tags, the worker, the blob cache, re-matching, failures
// and leases.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
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
#include "image/registry_client.h"
#include "platform/file_system.h"
#include "scanjob/image_scan.h"
#include "scanjob/registry_scan.h"
#include "scanjob/rematch.h"
#include "scanjob/scan_job.h"
#include "scanjob/test_util.h"
#include "scanjob/worker.h"
#include "testing/fake_clock.h"
#include "testing/paths.h"
#include "testing/registry_images.h"
#include "testing/registry_push.h"
#include "vulndb/db_build.h"

namespace moat::scanjob {
namespace {

using ::moat::testing::File;
using ::moat::testing::MakeRegistryImage;
using ::moat::testing::RegistryImage;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::vector<testing::TarEntry> BaseLayer() {
  return {File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n"),
          File("usr/share/base.txt", std::string(4096, 'b'))};
}

// An image on the shared base layer with the vulnerable test npm package and a marker `n`.
RegistryImage AppImage(const std::string& n) {
  std::string package = R"({"name": "moat-test-pkg", "version": "1.0.0"})";
  return MakeRegistryImage(
      {BaseLayer(),
       {File("app/node_modules/moat-test-pkg/package.json", package), File("app/marker", n)}});
}

int sequence = 0;

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

  void Push(const std::string& tag, const RegistryImage& image) {
    auto http = platform::NewCurlHttpClient({});
    platform::RealClock clock;
    image::RegistryClientOptions options;
    options.plain_http = true;
    image::RegistryClient client(host_, repository_, options, http.get(), &clock);
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

std::set<std::string> DigestsOf(const std::vector<store::JobRecord>& jobs) {
  std::set<std::string> digests;
  for (const auto& job : jobs) digests.insert(job.digest);
  return digests;
}

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

TEST_F(ScanJobRegistryTest, AJobWhoseLeaseEndedIsTakenByAnotherWorker) {
  moat::testing::FakeClock clock;
  env_ = MakeEnv(&clock);
  RegistryImage image = AppImage("lease");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  store::TimeMs now = absl::ToUnixMillis(clock.Now());
  auto claimed = store_->ClaimJob("replica-a", now, 1000);  // replica A, then it dies
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  Worker b(env_, "replica-b");
  EXPECT_EQ(*b.RunOnce(), false);  // A's lease still holds
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(*b.RunOnce(), true);
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(job->owner, "replica-b");
  absl::Status late = store_->FinishJob(job->id, "replica-a", "done", "", now + 6000);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition) << late;
  EXPECT_THAT(Image(image.manifest.digest).tags, ElementsAre("1.0"));
}

TEST_F(ScanJobRegistryTest, ATagOnAScannedDigestIsAddedWithoutPulling) {
  RegistryImage image = AppImage("retag");
  Push("1.0", image);
  ASSERT_TRUE(EnqueueRegistryScan(env_, registry_).ok());
  Worker worker(env_, "replica-a");
  EXPECT_EQ(Drain(worker), 1);
  Push("stable", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  log_.Clear();
  EXPECT_EQ(Drain(worker), 1);
  EXPECT_EQ(log_.Count("GET", "/manifests/" + image.manifest.digest), 0);
  EXPECT_THAT(Image(image.manifest.digest).tags, ElementsAre("1.0", "stable"));
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

TEST_F(ScanJobRegistryTest, AResultWhoseLeaseWasLostIsDroppedQuietly) {
  moat::testing::FakeClock clock;
  env_ = MakeEnv(&clock);
  RegistryImage image = AppImage("lost");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  // While replica A pulls a layer, its lease runs out and replica C takes the job.
  std::atomic<bool> taken{false};
  std::string layer = absl::StrCat("/blobs/", image.layers[1].digest);
  log_.on_request = [&](const platform::HttpRequest& request) {
    if (!absl::EndsWith(request.url, layer) || taken.exchange(true)) return;
    clock.Advance(absl::Seconds(120));
    auto claimed = store_->ClaimJob("replica-c", absl::ToUnixMillis(clock.Now()), 60000);
    EXPECT_TRUE(claimed.ok() && claimed->has_value());
  };
  Worker a(env_, "replica-a");
  auto ran = a.RunOnce();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_TRUE(*ran);
  EXPECT_TRUE(taken.load());
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "running");
  EXPECT_EQ(job->owner, "replica-c");
  auto stored = store_->GetImage(image.manifest.digest);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(ScanJobRegistryTest, TheHeartbeatKeepsTheLeaseOfALongScan) {
  RegistryImage image = AppImage("slow");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  // The layer pull outlasts the lease several times over; the heartbeat must keep renewing it.
  std::string layer = absl::StrCat("/blobs/", image.layers[1].digest);
  std::atomic<bool> checked{false};
  log_.on_request = [&](const platform::HttpRequest& request) {
    if (!absl::EndsWith(request.url, layer) || checked.exchange(true)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto claimed = store_->ClaimJob("replica-c", absl::ToUnixMillis(absl::Now()), 60000);
    EXPECT_TRUE(claimed.ok() && !claimed->has_value());
  };
  Worker a(env_, "replica-a", absl::Milliseconds(1500));
  EXPECT_EQ(Drain(a), 1);
  EXPECT_TRUE(checked.load());
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(job->owner, "replica-a");
}

TEST_F(ScanJobRegistryTest, TheBackgroundWorkerRunsQueuedJobsAndStops) {
  Push("1.0", AppImage("bg-1"));
  Push("2.0", AppImage("bg-2"));
  Worker worker(env_, "replica-a");
  worker.Start(absl::Milliseconds(20));
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 2u);
  for (int i = 0; i < 500 && *store_->CountJobs("done") < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  worker.Stop();
  EXPECT_EQ(*store_->CountJobs("done"), 2);
  EXPECT_EQ(*store_->CountJobs("queued"), 0);
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

}  // namespace
}  // namespace moat::scanjob
