// Opening stores: migrations applied once and recorded, concurrent opens, clear errors for bad
// locations; and the SQL seam's helpers (placeholder rewriting, URL redaction, LIKE escaping).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "store/sqlite_connection.h"
#include "store/store_test_fixture.h"

namespace moat::store {
namespace {

TEST_P(StoreTest, ReopeningKeepsDataAndAppliesNoMigrationTwice) {
  ASSERT_TRUE(store_->PutSetting("k", "v", Audit("settings.update", "k")).ok());
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(**store_->GetSetting("k"), "v");
  std::unique_ptr<Store> second = Open();
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->ListAudit(0, 10)->size(), 1u);
}

TEST_P(StoreTest, ConcurrentOpensOfAFreshDatabaseAllSucceed) {
  // The fixture's store migrated already; start over on a fresh location for this test.
  store_.reset();
  if (GetParam() == Backend::kPostgres) {
    ASSERT_TRUE(Admin("DROP SCHEMA " + schema_ + " CASCADE").ok());
    ASSERT_TRUE(Admin("CREATE SCHEMA " + schema_).ok());
  } else {
    std::filesystem::remove(location_);
  }
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (Open() != nullptr) ++opened;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(opened.load(), 4);
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(store_->EnqueueJob({.kind = "scan", .digest = "sha256:a"}).ok());
}

TEST_P(StoreTest, LostPostgresConnectionIsUnavailableThenReplaced) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "only PostgreSQL connections get lost";
  std::string app = "moat_" + schema_.substr(schema_.size() - 8);
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenStore(location_ + "&application_name=" + app, StoreOptions{.clock = &clock_});
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->GetSetting("k").ok());
  ASSERT_TRUE(Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = '" +
                    app + "'")
                  .ok());
  absl::StatusOr<std::optional<std::string>> lost = (*store)->GetSetting("k");
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kUnavailable) << lost.status();
  EXPECT_THAT(std::string(lost.status().message()),
              ::testing::StartsWith("store: reading setting \"k\": PostgreSQL connection lost: "));
  absl::StatusOr<std::optional<std::string>> again = (*store)->GetSetting("k");
  EXPECT_TRUE(again.ok()) << again.status();
}

TEST(OpenStoreTest, MissingSqliteDirectoryIsUnavailable) {
  absl::StatusOr<std::unique_ptr<Store>> store = OpenStore("/nonexistent-moat-dir/moat.db");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message(),
            "store: opening SQLite database \"/nonexistent-moat-dir/moat.db\": directory "
            "\"/nonexistent-moat-dir\" does not exist");
}

TEST(OpenStoreTest, UnreachablePostgresIsUnavailableWithoutPassword) {
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenStore("postgres://moat:hunter2@127.0.0.1:1/moat?connect_timeout=2");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(store.status().message()),
              ::testing::StartsWith("store: connecting to PostgreSQL at "
                                    "postgres://moat:***@127.0.0.1:1/moat?connect_timeout=2: "));
  EXPECT_THAT(std::string(store.status().message()),
              ::testing::Not(::testing::HasSubstr("hunter2")));
}

TEST(OpenStoreTest, LocationsPickTheDatabase) {
  EXPECT_TRUE(IsPostgresLocation("postgres://h/db"));
  EXPECT_TRUE(IsPostgresLocation("postgresql://h/db"));
  EXPECT_FALSE(IsPostgresLocation("/var/lib/moat/moat.db"));
  EXPECT_FALSE(IsPostgresLocation("postgres.db"));
}

TEST(SqlSeamTest, SqliteParametersRewriteDollarsOutsideQuotes) {
  EXPECT_EQ(SqliteParameters("SELECT $1, $12 FROM t WHERE a = '$3' AND \"$4\" = $5"),
            "SELECT ?1, ?12 FROM t WHERE a = '$3' AND \"$4\" = ?5");
  EXPECT_EQ(SqliteParameters("SELECT 'it''s $1' || $2"), "SELECT 'it''s $1' || ?2");
  EXPECT_EQ(SqliteParameters("$"), "$");
}

TEST(SqlSeamTest, RedactsPasswords) {
  EXPECT_EQ(RedactPostgresUrl("postgres://u:p%40ss@h:5432/db"), "postgres://u:***@h:5432/db");
  EXPECT_EQ(RedactPostgresUrl("postgres://u@h/db"), "postgres://u@h/db");
  EXPECT_EQ(RedactPostgresUrl("postgresql://h/db?user=u&password=s3cret&sslmode=require"),
            "postgresql://h/db?user=u&password=***&sslmode=require");
}

TEST(SqlSeamTest, EscapesLikeWildcards) {
  EXPECT_EQ(EscapeLike("a_b%c\\d"), "a\\_b\\%c\\\\d");
  EXPECT_EQ(EscapeLike("plain"), "plain");
}

TEST(SqlSeamTest, MigrationsHaveIncreasingVersions) {
  std::vector<Migration> migrations = Migrations(SqliteDialect());
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int64_t>(i + 1));
    EXPECT_FALSE(migrations[i].statements.empty());
  }
}

}  // namespace
}  // namespace moat::store
