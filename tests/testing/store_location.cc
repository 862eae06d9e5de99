#include "testing/store_location.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "absl/strings/str_cat.h"

namespace moat::testing {
namespace {

std::string RandomSuffix() {
  std::random_device device;
  std::mt19937_64 random(device());
  return absl::StrCat(absl::Hex(random()));
}

class SqliteLocation : public StoreLocation {
 public:
  SqliteLocation() {
    dir_ = std::filesystem::temp_directory_path() / ("moat-store-" + RandomSuffix());
    std::filesystem::create_directories(dir_);
    location_ = (dir_ / "moat.db").string();
  }
  ~SqliteLocation() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  const std::string& location() const override { return location_; }

 private:
  std::filesystem::path dir_;
  std::string location_;
};

bool Exec(const std::string& url, const std::string& sql, std::string* error) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);  // DROP ... CASCADE notices
  if (ok) {
    PGresult* result = PQexec(conn, sql.c_str());
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
  }
  if (!ok && error != nullptr) *error = absl::StrCat(url, ": ", PQerrorMessage(conn));
  PQfinish(conn);
  return ok;
}

class PostgresLocation : public StoreLocation {
 public:
  PostgresLocation(std::string base, std::string schema)
      : base_(std::move(base)), schema_(std::move(schema)) {
    location_ = absl::StrCat(base_, base_.find('?') == std::string::npos ? "?" : "&",
                             "options=-csearch_path%3D", schema_);
  }
  ~PostgresLocation() override {
    Exec(base_, absl::StrCat("DROP SCHEMA IF EXISTS ", schema_, " CASCADE"), nullptr);
  }
  const std::string& location() const override { return location_; }

 private:
  std::string base_;
  std::string schema_;
  std::string location_;
};

}  // namespace

std::unique_ptr<StoreLocation> NewStoreLocation(const std::string& kind, std::string* error) {
  if (kind == "sqlite") return std::make_unique<SqliteLocation>();
  const char* base = std::getenv("MOAT_TEST_POSTGRES");
  if (base == nullptr || *base == '\0') return nullptr;
  std::string schema = "t_" + RandomSuffix();
  if (!Exec(base, absl::StrCat("CREATE SCHEMA ", schema), error)) return nullptr;
  return std::make_unique<PostgresLocation>(base, schema);
}

}  // namespace moat::testing
