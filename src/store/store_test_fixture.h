// The parameterised fixture every Store behaviour test runs under: once against SQLite (a temp
// file) and once against PostgreSQL (a fresh schema in $MOAT_TEST_POSTGRES, skipped when unset).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "store/open_store.h"
#include "store/postgres_connection.h"
#include "store/sql_util.h"
#include "store/store.h"
#include "testing/fake_clock.h"

// Queries read best as designated initializers naming only the fields they set.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace moat::store {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

inline void PrintTo(Backend backend, std::ostream* os) {
  *os << (backend == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      const char* url = getenv("MOAT_TEST_POSTGRES");
      if (url == nullptr || *url == '\0') {
        GTEST_SKIP() << "MOAT_TEST_POSTGRES is unset; run `eval \"$(tests/integration/"
                        "postgres_env.sh start)\"` to test against PostgreSQL";
      }
      base_url_ = url;
      schema_ = "moat_test_" + NewId();
      ASSERT_TRUE(Admin(absl::StrCat("CREATE SCHEMA ", schema_)).ok());
      location_ = absl::StrCat(base_url_, base_url_.find('?') == std::string::npos ? "?" : "&",
                               "options=-csearch_path%3D", schema_);
    } else {
      char dir[] = "/tmp/moat-store-test-XXXXXX";
      ASSERT_NE(mkdtemp(dir), nullptr);
      dir_ = dir;
      location_ = dir_ + "/moat.db";
    }
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  void TearDown() override {
    store_.reset();
    if (!schema_.empty()) {
      EXPECT_TRUE(Admin(absl::StrCat("DROP SCHEMA ", schema_, " CASCADE")).ok());
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Another Store on the same database (a second replica); nullptr (and a failure) on error.
  std::unique_ptr<Store> Open() {
    absl::StatusOr<std::unique_ptr<Store>> store =
        OpenStore(location_, StoreOptions{.clock = &clock_, .max_connections = 4});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  absl::Status Admin(const std::string& sql) {
    absl::StatusOr<std::unique_ptr<SqlConnection>> c = OpenPostgresConnection(base_url_);
    if (!c.ok()) return c.status();
    return (*c)->Exec(sql, {}).status();
  }

  TimeMs NowMs() { return absl::ToUnixMillis(clock_.Now()); }

  static AuditEntry Audit(const std::string& action, const std::string& target = "") {
    return AuditEntry{
        .id = 0, .time = 0, .actor = "admin", .action = action, .target = target, .detail = ""};
  }

  static ScanRecord Scan(const std::string& digest, std::vector<std::string> tags,
                         std::vector<RiskCount> risk = {}) {
    ScanRecord scan;
    scan.image.digest = digest;
    scan.image.image_id = "sha256:1d" + digest.substr(std::min<size_t>(digest.size(), 9));
    scan.image.type = "registry";
    scan.image.registry_id = "reg1";
    scan.image.repository = "library/alpine";
    scan.image.tags = std::move(tags);
    scan.image.risk = std::move(risk);
    scan.report_json = R"({"schemaVersion":1})";
    return scan;
  }

  testing::FakeClock clock_;
  std::string location_;
  std::string base_url_;
  std::string schema_;
  std::string dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace moat::store
