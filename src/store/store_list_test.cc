// Store behaviour: the images list (filters, search, sort, paging), on SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_format.h"
#include "store/store_test_fixture.h"

namespace moat::store {
namespace {

using ::testing::ElementsAre;

std::string Digest(int n) { return absl::StrFormat("sha256:%064x", n); }

class StoreListTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // 1: registry reg1, alpine, critical+fixable vuln.  2: registry reg2, nginx, high secret.
    // 3: ci-cd, app, low vuln without a fix.
    ScanRecord one = Scan(Digest(1), {"3.19", "latest"},
                          {{"vulnerability", "critical", 2, 1}, {"vulnerability", "high", 1, 0}});
    one.image.image_id = "sha256:" + std::string(60, 'c') + "0001";
    Put(one, 300);
    ScanRecord two = Scan(Digest(2), {"1.25"}, {{"secret", "high", 4, 0}});
    two.image.registry_id = "reg2";
    two.image.repository = "library/nginx";
    two.image.image_id = "sha256:" + std::string(60, 'd') + "0002";
    Put(two, 200);
    ScanRecord three = Scan(Digest(3), {"main_1"}, {{"vulnerability", "low", 5, 0}});
    three.image.type = "ci-cd";
    three.image.registry_id = "";
    three.image.repository = "org/app";
    three.image.image_id = "sha256:" + std::string(60, 'e') + "0003";
    Put(three, 100);
  }

  void Put(ScanRecord scan, TimeMs at) {
    scan.created_at = at;
    ASSERT_TRUE(store_->PutScan(scan).ok());
  }

  std::vector<std::string> List(ImageQuery query, int64_t* total = nullptr) {
    absl::StatusOr<ImagePage> page = store_->ListImages(query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> digests;
    if (!page.ok()) return digests;
    for (const ImageRecord& image : page->images) digests.push_back(image.digest);
    if (total != nullptr) *total = page->total;
    return digests;
  }
};

INSTANTIATE_TEST_SUITE_P(Databases, StoreListTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(StoreListTest, DefaultIsNewestScanFirstWithTagsAndRisk) {
  absl::StatusOr<ImagePage> page = store_->ListImages(ImageQuery{});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->images.size(), 3u);
  EXPECT_EQ(page->images[0].digest, Digest(1));
  EXPECT_THAT(page->images[0].tags, ElementsAre("3.19", "latest"));
  EXPECT_THAT(page->images[0].risk, ElementsAre(RiskCount{"vulnerability", "critical", 2, 1},
                                                RiskCount{"vulnerability", "high", 1, 0}));
  EXPECT_EQ(page->images[1].digest, Digest(2));
  EXPECT_EQ(page->images[2].digest, Digest(3));
}

TEST_P(StoreListTest, FiltersByType) {
  EXPECT_THAT(List({.type = "ci-cd"}), ElementsAre(Digest(3)));
  EXPECT_THAT(List({.type = "runtime"}), ElementsAre());
}

TEST_P(StoreListTest, FiltersBySeverityAcrossCategories) {
  EXPECT_THAT(List({.severity = "high"}), ElementsAre(Digest(1), Digest(2)));
  EXPECT_THAT(List({.severity = "critical"}), ElementsAre(Digest(1)));
}

TEST_P(StoreListTest, FiltersByCategory) {
  EXPECT_THAT(List({.category = "secret"}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.category = "vulnerability"}), ElementsAre(Digest(1), Digest(3)));
}

TEST_P(StoreListTest, SeverityAndCategoryTogetherMeanOneFindingOfBoth) {
  EXPECT_THAT(List({.severity = "high", .category = "secret"}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.severity = "low", .category = "secret"}), ElementsAre());
}

TEST_P(StoreListTest, FiltersByRegistry) {
  EXPECT_THAT(List({.registry_id = "reg2"}), ElementsAre(Digest(2)));
}

TEST_P(StoreListTest, FiltersByFixableVulnerability) {
  EXPECT_THAT(List({.has_fix = true}), ElementsAre(Digest(1)));
}

TEST_P(StoreListTest, SearchesDigestPrefixWithAndWithoutAlgorithm) {
  std::string hex = Digest(2).substr(7);
  EXPECT_THAT(List({.search = Digest(2).substr(0, 71)}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.search = hex}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.search = "sha256:0000"}), ElementsAre(Digest(1), Digest(2), Digest(3)));
}

TEST_P(StoreListTest, SearchesImageIdPrefix) {
  EXPECT_THAT(List({.search = "dddd"}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.search = "sha256:eeee"}), ElementsAre(Digest(3)));
}

TEST_P(StoreListTest, SearchesTagPrefixCaseSensitively) {
  EXPECT_THAT(List({.search = "lat"}), ElementsAre(Digest(1)));
  EXPECT_THAT(List({.search = "LAT"}), ElementsAre());
  EXPECT_THAT(List({.search = "1.2"}), ElementsAre(Digest(2)));
}

TEST_P(StoreListTest, SearchesAPartOfTheRepositoryCaseSensitively) {
  EXPECT_THAT(List({.search = "nginx"}), ElementsAre(Digest(2)));
  EXPECT_THAT(List({.search = "org/ap"}), ElementsAre(Digest(3)));
  EXPECT_THAT(List({.search = "library/"}), ElementsAre(Digest(1), Digest(2)));
  EXPECT_THAT(List({.search = "NGINX"}), ElementsAre());
  int64_t total = 0;
  EXPECT_THAT(List({.search = "library/", .limit = 1}, &total), ElementsAre(Digest(1)));
  EXPECT_EQ(total, 2);
}

TEST_P(StoreListTest, SearchTreatsLikeWildcardsLiterally) {
  EXPECT_THAT(List({.search = "main_"}), ElementsAre(Digest(3)));
  EXPECT_THAT(List({.search = "mai%"}), ElementsAre());
  EXPECT_THAT(List({.search = "_"}), ElementsAre());
  EXPECT_THAT(List({.search = "\\"}), ElementsAre());
}

TEST_P(StoreListTest, SortsByEachKeyBothWays) {
  EXPECT_THAT(List({.sort = "scanned_at", .descending = false}),
              ElementsAre(Digest(3), Digest(2), Digest(1)));
  EXPECT_THAT(List({.sort = "repository", .descending = false}),
              ElementsAre(Digest(1), Digest(2), Digest(3)));
  EXPECT_THAT(List({.sort = "digest", .descending = true}),
              ElementsAre(Digest(3), Digest(2), Digest(1)));
  EXPECT_THAT(List({.sort = "critical", .descending = true}),
              ElementsAre(Digest(1), Digest(3), Digest(2)));
  EXPECT_THAT(List({.sort = "high", .descending = true}),
              ElementsAre(Digest(2), Digest(1), Digest(3)));
}

TEST_P(StoreListTest, ARematchChangesFiltersAndSortByCounts) {
  ASSERT_TRUE(
      store_->UpdateLatestReport(Digest(2), "{}", {{"vulnerability", "critical", 9, 9}}).ok());
  EXPECT_THAT(List({.sort = "critical"}), ElementsAre(Digest(2), Digest(1), Digest(3)));
  EXPECT_THAT(List({.sort = "high"}), ElementsAre(Digest(1), Digest(3), Digest(2)));
  EXPECT_THAT(List({.severity = "critical"}), ElementsAre(Digest(1), Digest(2)));
  EXPECT_THAT(List({.category = "secret"}), ElementsAre());
  EXPECT_THAT(List({.has_fix = true}), ElementsAre(Digest(1), Digest(2)));
}

TEST_P(StoreListTest, PagesKeepTheTotal) {
  int64_t total = 0;
  EXPECT_THAT(List({.offset = 0, .limit = 2}, &total), ElementsAre(Digest(1), Digest(2)));
  EXPECT_EQ(total, 3);
  EXPECT_THAT(List({.offset = 2, .limit = 2}, &total), ElementsAre(Digest(3)));
  EXPECT_EQ(total, 3);
  EXPECT_THAT(List({.offset = 5, .limit = 2}, &total), ElementsAre());
  EXPECT_EQ(total, 3);
  EXPECT_THAT(List({.type = "registry", .limit = 1}, &total), ElementsAre(Digest(1)));
  EXPECT_EQ(total, 2);
}

TEST_P(StoreListTest, RejectsUnknownSortAndBadLimits) {
  absl::StatusOr<ImagePage> bad_sort = store_->ListImages({.sort = "name; DROP TABLE images"});
  EXPECT_EQ(bad_sort.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_sort.status().message(),
            "store: listing images: unknown sort \"name; DROP TABLE images\" (expected "
            "scanned_at, repository, digest, critical or high)");
  for (int64_t limit : {int64_t{0}, int64_t{-1}, int64_t{1001}}) {
    absl::StatusOr<ImagePage> page = store_->ListImages({.limit = limit});
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << limit;
  }
  EXPECT_EQ(store_->ListImages({.limit = 1001}).status().message(),
            "store: listing images: limit 1001 is outside 1..1000");
  EXPECT_EQ(store_->ListImages({.offset = -1}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->ListImages({.limit = 1000}).ok());
}

TEST_P(StoreListTest, FiltersCombine) {
  EXPECT_THAT(List({.type = "registry", .severity = "high", .has_fix = true, .search = "3."}),
              ElementsAre(Digest(1)));
  EXPECT_THAT(List({.registry_id = "reg1", .search = "1.25"}), ElementsAre());
}

}  // namespace
}  // namespace moat::store
