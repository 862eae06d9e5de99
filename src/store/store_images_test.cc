// Store behaviour: scans and the images they create or update, on SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_fixture.h"

namespace moat::store {
namespace {

using ::testing::ElementsAre;

INSTANTIATE_TEST_SUITE_P(Databases, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

const std::string kDigestA =
    "sha256:aaaa000000000000000000000000000000000000000000000000000000000001";
const std::string kDigestB =
    "sha256:bbbb000000000000000000000000000000000000000000000000000000000002";

TEST_P(StoreTest, PutScanCreatesImageWithTagsAndRisk) {
  ScanRecord scan = Scan(kDigestA, {"latest", "3.19"},
                         {{"vulnerability", "high", 2, 1}, {"secret", "critical", 1, 0}});
  scan.inventory_json = R"({"bomFormat":"CycloneDX"})";
  absl::StatusOr<std::string> id = store_->PutScan(scan);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->size(), 32u);

  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestA);
  ASSERT_TRUE(image.ok()) << image.status();
  ASSERT_TRUE(image->has_value());
  const ImageRecord& got = **image;
  EXPECT_EQ(got.digest, kDigestA);
  EXPECT_EQ(got.type, "registry");
  EXPECT_EQ(got.registry_id, "reg1");
  EXPECT_EQ(got.repository, "library/alpine");
  EXPECT_THAT(got.tags, ElementsAre("3.19", "latest"));
  EXPECT_EQ(got.scan_id, *id);
  EXPECT_EQ(got.scanned_at, NowMs());
  EXPECT_THAT(got.risk, ElementsAre(RiskCount{"secret", "critical", 1, 0},
                                    RiskCount{"vulnerability", "high", 2, 1}));
}

TEST_P(StoreTest, GetImageOfUnknownDigestIsNullopt) {
  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestA);
  ASSERT_TRUE(image.ok()) << image.status();
  EXPECT_FALSE(image->has_value());
}

TEST_P(StoreTest, SecondScanMergesTagsAndReplacesRisk) {
  ASSERT_TRUE(store_->PutScan(Scan(kDigestA, {"latest"}, {{"vulnerability", "high", 2, 1}})).ok());
  clock_.Advance(absl::Seconds(5));
  ScanRecord second = Scan(kDigestA, {"3.19"}, {{"vulnerability", "low", 7, 0}});
  second.image.repository = "";  // a scan without a name keeps the known one
  absl::StatusOr<std::string> id = store_->PutScan(second);
  ASSERT_TRUE(id.ok()) << id.status();

  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestA);
  ASSERT_TRUE(image.ok() && image->has_value());
  EXPECT_THAT((*image)->tags, ElementsAre("3.19", "latest"));
  EXPECT_THAT((*image)->risk, ElementsAre(RiskCount{"vulnerability", "low", 7, 0}));
  EXPECT_EQ((*image)->scan_id, *id);
  EXPECT_EQ((*image)->repository, "library/alpine");
  EXPECT_EQ((*image)->scanned_at, NowMs());
}

TEST_P(StoreTest, ATagThatMovedLeavesTheImageItNamedBefore) {
  ASSERT_TRUE(store_->PutScan(Scan(kDigestA, {"1.0", "latest"}, {})).ok());
  ASSERT_TRUE(store_->PutScan(Scan(kDigestB, {"1.0"}, {})).ok());
  absl::StatusOr<std::optional<ImageRecord>> old_image = store_->GetImage(kDigestA);
  ASSERT_TRUE(old_image.ok() && old_image->has_value());
  EXPECT_THAT((*old_image)->tags, ElementsAre("latest"));
  absl::StatusOr<std::optional<ImageRecord>> new_image = store_->GetImage(kDigestB);
  ASSERT_TRUE(new_image.ok() && new_image->has_value());
  EXPECT_THAT((*new_image)->tags, ElementsAre("1.0"));

  ScanRecord elsewhere = Scan(kDigestA, {"1.0"}, {});
  elsewhere.image.repository = "library/other";  // same tag name in another repository
  ASSERT_TRUE(store_->PutScan(elsewhere).ok());
  new_image = store_->GetImage(kDigestB);
  ASSERT_TRUE(new_image.ok() && new_image->has_value());
  EXPECT_THAT((*new_image)->tags, ElementsAre("1.0"));
}

TEST_P(StoreTest, ImagesAreCountedByTheirWorstSeverity) {
  const std::string kDigestC =
      "sha256:cccc000000000000000000000000000000000000000000000000000000000003";
  ASSERT_TRUE(store_
                  ->PutScan(Scan(kDigestA, {"a"},
                                 {{"vulnerability", "medium", 2, 0}, {"secret", "critical", 1, 0}}))
                  .ok());
  ASSERT_TRUE(store_->PutScan(Scan(kDigestB, {"b"}, {{"config", "low", 3, 0}})).ok());
  ASSERT_TRUE(store_->PutScan(Scan(kDigestC, {"c"}, {{"vulnerability", "high", 0, 0}})).ok());
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> counts = store_->CountImagesByRisk();
  ASSERT_TRUE(counts.ok()) << counts.status();
  using Level = std::pair<std::string, int64_t>;
  EXPECT_THAT(*counts, ElementsAre(Level{"critical", 1}, Level{"high", 0}, Level{"medium", 0},
                                   Level{"low", 1}, Level{"negligible", 0}, Level{"unknown", 0},
                                   Level{"none", 1}));
}

TEST_P(StoreTest, PutScanWithoutDigestIsInvalid) {
  absl::StatusOr<std::string> id = store_->PutScan(Scan("", {}));
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(id.status().message(), "store: storing scan: the image has no digest");
}

TEST_P(StoreTest, PutScanWithTakenIdFailsAndChangesNothing) {
  ScanRecord first = Scan(kDigestA, {"latest"});
  first.id = "scan-1";
  ASSERT_TRUE(store_->PutScan(first).ok());
  ScanRecord clash = Scan(kDigestB, {"v2"});
  clash.id = "scan-1";
  absl::StatusOr<std::string> id = store_->PutScan(clash);
  EXPECT_EQ(id.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(id.status().message(),
            "store: storing scan of " + kDigestB + ": a scan with id scan-1 exists");
  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestB);
  ASSERT_TRUE(image.ok());
  EXPECT_FALSE(image->has_value());
}

TEST_P(StoreTest, GetLatestScanReturnsReportInventoryAndPipeline) {
  ScanRecord scan = Scan(kDigestA, {"main"});
  scan.image.type = "ci-cd";
  scan.report_json = R"({"schemaVersion":1,"results":[]})";
  scan.inventory_json = R"({"components":[]})";
  scan.pipeline = Pipeline{"github", "org/app", "build", "42", "abc123", "main", "https://ci/42"};
  scan.gate = "fail";
  scan.gate_reason = "3 findings at or above high";
  scan.created_at = 1234;
  absl::StatusOr<std::string> id = store_->PutScan(scan);
  ASSERT_TRUE(id.ok()) << id.status();

  absl::StatusOr<std::optional<ScanRecord>> latest = store_->GetLatestScan(kDigestA);
  ASSERT_TRUE(latest.ok()) << latest.status();
  ASSERT_TRUE(latest->has_value());
  const ScanRecord& got = **latest;
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.image.digest, kDigestA);
  EXPECT_EQ(got.image.type, "ci-cd");
  EXPECT_EQ(got.report_json, scan.report_json);
  EXPECT_EQ(got.inventory_json, scan.inventory_json);
  EXPECT_EQ(got.pipeline, scan.pipeline);
  EXPECT_EQ(got.gate, "fail");
  EXPECT_EQ(got.gate_reason, "3 findings at or above high");
  EXPECT_EQ(got.created_at, 1234);
  EXPECT_EQ(got.image.scanned_at, 1234);

  absl::StatusOr<std::optional<ScanRecord>> none = store_->GetLatestScan(kDigestB);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, ListPipelineScansNewestFirstOnlyUploads) {
  ScanRecord registry_scan = Scan(kDigestB, {"x"});
  ASSERT_TRUE(store_->PutScan(registry_scan).ok());
  for (int run = 1; run <= 3; ++run) {
    ScanRecord upload = Scan(kDigestA, {"main"});
    upload.pipeline = Pipeline{"gitlab", "org/app", "build", std::to_string(run), "", "", ""};
    upload.created_at = 1000 + run;
    ASSERT_TRUE(store_->PutScan(upload).ok());
  }
  absl::StatusOr<std::vector<PipelineScan>> scans = store_->ListPipelineScans(0, 2);
  ASSERT_TRUE(scans.ok()) << scans.status();
  ASSERT_EQ(scans->size(), 2u);
  EXPECT_EQ((*scans)[0].pipeline.run, "3");
  EXPECT_EQ((*scans)[1].pipeline.run, "2");
  EXPECT_EQ((*scans)[0].digest, kDigestA);
  EXPECT_EQ((*scans)[0].repository, "library/alpine");
  EXPECT_THAT((*scans)[0].tags, ElementsAre("main"));
  EXPECT_EQ((*scans)[0].created_at, 1003);
  absl::StatusOr<std::vector<PipelineScan>> rest = store_->ListPipelineScans(2, 10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].pipeline.run, "1");
  EXPECT_EQ(store_->ListPipelineScans(0, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreTest, RematchSetAndUpdateLatestReport) {
  ScanRecord with_inventory = Scan(kDigestA, {"a"}, {{"vulnerability", "high", 1, 1}});
  with_inventory.inventory_json = R"({"components":[]})";
  ASSERT_TRUE(store_->PutScan(with_inventory).ok());
  ASSERT_TRUE(store_->PutScan(Scan(kDigestB, {"b"})).ok());
  absl::StatusOr<std::vector<std::string>> digests = store_->ListRematchable();
  ASSERT_TRUE(digests.ok()) << digests.status();
  EXPECT_THAT(*digests, ElementsAre(kDigestA));

  ASSERT_TRUE(store_
                  ->UpdateLatestReport(kDigestA, R"({"rematched":true})",
                                       {{"vulnerability", "critical", 3, 2}})
                  .ok());
  absl::StatusOr<std::optional<ScanRecord>> latest = store_->GetLatestScan(kDigestA);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->report_json, R"({"rematched":true})");
  EXPECT_EQ((*latest)->inventory_json, R"({"components":[]})");
  EXPECT_THAT((*latest)->image.risk, ElementsAre(RiskCount{"vulnerability", "critical", 3, 2}));
  EXPECT_THAT((*latest)->image.tags, ElementsAre("a"));

  absl::Status missing = store_->UpdateLatestReport(kDigestB + "0", "{}", {});
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "store: updating the report of " + kDigestB + "0: no such image");
}

TEST_P(StoreTest, AddImageTagsKeepsTheOneScanItsReportAndRisk) {
  ScanRecord upload = Scan(kDigestA, {"main"}, {{"vulnerability", "high", 2, 1}});
  upload.pipeline = Pipeline{"github", "org/app", "build", "7", "", "", ""};
  absl::StatusOr<std::string> id = store_->PutScan(upload);
  ASSERT_TRUE(id.ok()) << id.status();
  TimeMs scanned_at = NowMs();
  clock_.Advance(absl::Seconds(30));

  absl::StatusOr<bool> tagged = store_->AddImageTags(kDigestA, {"v1", "main"});
  ASSERT_TRUE(tagged.ok()) << tagged.status();
  EXPECT_TRUE(*tagged);
  absl::StatusOr<std::optional<ScanRecord>> latest = store_->GetLatestScan(kDigestA);
  ASSERT_TRUE(latest.ok() && latest->has_value()) << latest.status();
  EXPECT_EQ((*latest)->id, *id);
  EXPECT_EQ((*latest)->image.scan_id, *id);
  EXPECT_EQ((*latest)->image.scanned_at, scanned_at);
  EXPECT_EQ((*latest)->report_json, upload.report_json);
  EXPECT_THAT((*latest)->image.tags, ElementsAre("main", "v1"));
  EXPECT_THAT((*latest)->image.risk, ElementsAre(RiskCount{"vulnerability", "high", 2, 1}));
  absl::StatusOr<std::vector<PipelineScan>> scans = store_->ListPipelineScans(0, 10);
  ASSERT_TRUE(scans.ok()) << scans.status();
  ASSERT_EQ(scans->size(), 1u);  // no second scan row was written
  EXPECT_EQ((*scans)[0].scan_id, *id);
}

TEST_P(StoreTest, AddImageTagsTwiceIsTheSameAsOnce) {
  ASSERT_TRUE(store_->PutScan(Scan(kDigestA, {"latest"})).ok());
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<bool> tagged = store_->AddImageTags(kDigestA, {"3.19", "latest"});
    ASSERT_TRUE(tagged.ok()) << tagged.status();
    EXPECT_TRUE(*tagged);
  }
  absl::StatusOr<bool> none = store_->AddImageTags(kDigestA, {});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(*none);
  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestA);
  ASSERT_TRUE(image.ok() && image->has_value());
  EXPECT_THAT((*image)->tags, ElementsAre("3.19", "latest"));
}

TEST_P(StoreTest, AddImageTagsMovesATagAwayFromAnotherImageOfTheRepository) {
  const std::string kDigestC =
      "sha256:cccc000000000000000000000000000000000000000000000000000000000003";
  const std::string kDigestD =
      "sha256:dddd000000000000000000000000000000000000000000000000000000000004";
  ASSERT_TRUE(store_->PutScan(Scan(kDigestA, {"1.0", "latest"})).ok());
  ASSERT_TRUE(store_->PutScan(Scan(kDigestB, {"2.0"})).ok());
  ScanRecord other_repository = Scan(kDigestC, {"latest"});
  other_repository.image.repository = "library/other";
  ASSERT_TRUE(store_->PutScan(other_repository).ok());
  ScanRecord other_registry = Scan(kDigestD, {"latest"});
  other_registry.image.registry_id = "reg2";
  ASSERT_TRUE(store_->PutScan(other_registry).ok());

  absl::StatusOr<bool> tagged = store_->AddImageTags(kDigestB, {"latest"});
  ASSERT_TRUE(tagged.ok()) << tagged.status();
  EXPECT_TRUE(*tagged);
  auto tags_of = [&](const std::string& digest) {
    absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(digest);
    EXPECT_TRUE(image.ok() && image->has_value()) << digest;
    return image.ok() && image->has_value() ? (*image)->tags : std::vector<std::string>{};
  };
  EXPECT_THAT(tags_of(kDigestA), ElementsAre("1.0"));
  EXPECT_THAT(tags_of(kDigestB), ElementsAre("2.0", "latest"));
  EXPECT_THAT(tags_of(kDigestC), ElementsAre("latest"));
  EXPECT_THAT(tags_of(kDigestD), ElementsAre("latest"));
}

TEST_P(StoreTest, AddImageTagsOfAnUnknownDigestIsFalseAndStoresNothing) {
  ASSERT_TRUE(store_->PutScan(Scan(kDigestA, {"latest"})).ok());
  absl::StatusOr<bool> tagged = store_->AddImageTags(kDigestB, {"latest"});
  ASSERT_TRUE(tagged.ok()) << tagged.status();
  EXPECT_FALSE(*tagged);
  absl::StatusOr<std::optional<ImageRecord>> image = store_->GetImage(kDigestB);
  ASSERT_TRUE(image.ok());
  EXPECT_FALSE(image->has_value());
  image = store_->GetImage(kDigestA);
  ASSERT_TRUE(image.ok() && image->has_value());
  EXPECT_THAT((*image)->tags, ElementsAre("latest"));
}

TEST_P(StoreTest, LayersCacheStoresBinaryBlobs) {
  std::string blob(
      "\x00\x01\xff"
      "binary\x00tail",
      14);
  ASSERT_TRUE(store_->PutLayer("sha256:layer1", blob).ok());
  absl::StatusOr<std::optional<std::string>> got = store_->GetLayer("sha256:layer1");
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, blob);
  ASSERT_TRUE(store_->PutLayer("sha256:layer1", "replaced").ok());
  EXPECT_EQ(**store_->GetLayer("sha256:layer1"), "replaced");
  absl::StatusOr<std::optional<std::string>> none = store_->GetLayer("sha256:nope");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

}  // namespace
}  // namespace moat::store
