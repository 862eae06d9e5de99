// The PostgreSQL implementation of SqlConnection.
#include "store/postgres_connection.h"

#include <libpq-fe.h>

#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace moat::store {
namespace {

// Type OIDs from pg_type.
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

void IgnoreNotice(void*, const char*) {}

absl::Status ClassifyError(PGconn* conn, const PGresult* result) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string reason(primary != nullptr ? primary : PQerrorMessage(conn));
  absl::StripTrailingAsciiWhitespace(&reason);
  absl::string_view code = state != nullptr ? state : "";
  if (PQstatus(conn) != CONNECTION_OK || absl::StartsWith(code, "08") ||
      absl::StartsWith(code, "57P")) {
    return absl::UnavailableError(absl::StrCat("PostgreSQL connection lost: ", reason));
  }
  if (code == "23505") return absl::AlreadyExistsError(reason);
  if (code == "40001" || code == "40P01") return absl::AbortedError(reason);
  return absl::InternalError(reason);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea in text format is "\x" followed by hex.
std::string DecodeBytea(const char* value, int length) {
  std::string out;
  if (length < 2 || value[0] != '\\' || value[1] != 'x') return std::string(value, length);
  out.reserve((length - 2) / 2);
  for (int i = 2; i + 1 < length; i += 2) {
    int hi = HexValue(value[i]);
    int lo = HexValue(value[i + 1]);
    if (hi < 0 || lo < 0) break;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

class PostgresConnection : public SqlConnection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
  ~PostgresConnection() override { PQfinish(conn_); }

  absl::StatusOr<SqlResult> Exec(absl::string_view sql, const SqlParams& params) override {
    std::vector<std::string> ints(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    std::vector<Oid> types(params.size());
    for (size_t i = 0; i < params.size(); ++i)
      Prepare(params[i], ints[i], values[i], lengths[i], formats[i], types[i]);
    std::string text(sql);
    PGresult* result = PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()),
                                    types.data(), values.data(), lengths.data(), formats.data(), 0);
    absl::StatusOr<SqlResult> out = Collect(result);
    PQclear(result);
    return out;
  }

  bool Healthy() override { return PQstatus(conn_) == CONNECTION_OK; }

 private:
  static void Prepare(const SqlParam& p, std::string& scratch, const char*& value, int& length,
                      int& format, Oid& type) {
    value = nullptr;
    length = 0;
    format = 0;
    switch (p.kind) {
      case SqlParam::Kind::kNull:
        type = kTextOid;
        break;
      case SqlParam::Kind::kText:
        type = kTextOid;
        value = p.text.c_str();
        break;
      case SqlParam::Kind::kInt:
        type = kInt8Oid;
        scratch = std::to_string(p.integer);
        value = scratch.c_str();
        break;
      case SqlParam::Kind::kBlob:
        type = kByteaOid;
        value = p.text.data();
        length = static_cast<int>(p.text.size());
        format = 1;  // binary: the bytes as they are
        break;
    }
  }

  absl::StatusOr<SqlResult> Collect(PGresult* result) {
    ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return ClassifyError(conn_, result);
    }
    SqlResult out;
    int rows = PQntuples(result);
    int columns = PQnfields(result);
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c)) {
          cells.push_back(std::nullopt);
          continue;
        }
        const char* value = PQgetvalue(result, r, c);
        int length = PQgetlength(result, r, c);
        cells.push_back(PQftype(result, c) == kByteaOid ? DecodeBytea(value, length)
                                                        : std::string(value, length));
      }
      out.rows.emplace_back(std::move(cells));
    }
    int64_t affected = 0;
    if (absl::SimpleAtoi(PQcmdTuples(result), &affected)) out.affected = affected;
    return out;
  }

  PGconn* conn_;
};

}  // namespace

std::string RedactPostgresUrl(absl::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  size_t key = out.find("password=");
  if (key != std::string::npos) {
    size_t value = key + 9;
    size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

absl::StatusOr<std::unique_ptr<SqlConnection>> OpenPostgresConnection(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string reason = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    absl::StripTrailingAsciiWhitespace(&reason);
    PQfinish(conn);
    return absl::UnavailableError(
        absl::StrCat("connecting to PostgreSQL at ", RedactPostgresUrl(url), ": ", reason));
  }
  // "CREATE ... IF NOT EXISTS" and friends send notices that libpq would print to stderr.
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  PQsetClientEncoding(conn, "UTF8");
  return std::make_unique<PostgresConnection>(conn);
}

}  // namespace moat::store
