#include "vulndb/database_schema.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"

namespace moat::vulndb {

// `namespace` maps (ecosystem, distro) to a small integer so the affected key stays short;
// `affected` is clustered on (namespace, package), so a lookup is one B-tree range scan that
// joins each row to its advisory by integer primary key.
const char kCreateSchemaSql[] = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE namespace (
  id        INTEGER PRIMARY KEY,
  ecosystem TEXT NOT NULL,
  distro    TEXT NOT NULL
);
CREATE TABLE advisory (
  id     INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  name   TEXT NOT NULL,
  body   BLOB NOT NULL
);
CREATE TABLE affected (
  namespace INTEGER NOT NULL,
  package   TEXT NOT NULL,
  advisory  INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  body      BLOB NOT NULL,
  PRIMARY KEY (namespace, package, advisory, seq)
) WITHOUT ROWID;
)sql";

const char kInsertMetaSql[] = "INSERT INTO meta (key, value) VALUES (?1, ?2)";
const char kInsertNamespaceSql[] =
    "INSERT INTO namespace (id, ecosystem, distro) VALUES (?1, ?2, ?3)";
const char kInsertAdvisorySql[] =
    "INSERT INTO advisory (id, source, name, body) VALUES (?1, ?2, ?3, ?4)";
const char kInsertAffectedSql[] =
    "INSERT INTO affected (namespace, package, advisory, seq, body) VALUES (?1, ?2, ?3, ?4, ?5)";
const char kSelectMetaSql[] = "SELECT key, value FROM meta";
const char kSelectNamespacesSql[] = "SELECT id, ecosystem, distro FROM namespace";
const char kLookupSql[] =
    "SELECT f.advisory, a.source, a.name, a.body, f.body "
    "FROM affected AS f JOIN advisory AS a ON a.id = f.advisory "
    "WHERE f.namespace = ?1 AND f.package = ?2 ORDER BY f.advisory, f.seq";
const char kLookupBatchSql[] =
    "SELECT f.package, f.advisory, a.source, a.name, a.body, f.body "
    "FROM affected AS f JOIN advisory AS a ON a.id = f.advisory "
    "WHERE f.namespace = ?1 AND f.package IN ("
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33) "
    "ORDER BY f.package, f.advisory, f.seq";

namespace {

Json SourcesJson(const std::vector<ImportStats>& sources) {
  Json out = Json::array();
  for (const ImportStats& s : sources) {
    out.push_back({{"source", s.source},
                   {"files", s.files},
                   {"records", s.records},
                   {"malformed", s.malformed},
                   {"skipped", s.skipped},
                   {"duplicates", s.duplicates},
                   {"newest", s.newest}});
  }
  return out;
}

Json DownloadsJson(const std::vector<FeedDownload>& downloads) {
  Json out = Json::array();
  for (const FeedDownload& d : downloads) {
    out.push_back({{"feed", d.feed}, {"url", d.url}, {"bytes", d.bytes}, {"sha256", d.sha256}});
  }
  return out;
}

absl::StatusOr<Json> ParseArray(const std::string& text, const std::string& key) {
  MOAT_ASSIGN_OR_RETURN(Json parsed, ParseJson(text, absl::StrCat("metadata ", key)));
  if (!parsed.is_array())
    return absl::DataLossError(absl::StrCat("metadata ", key, ": not a list"));
  return parsed;
}

absl::Status ParseInt(const std::map<std::string, std::string>& rows, const std::string& key,
                      int64_t* out) {
  auto it = rows.find(key);
  if (it == rows.end()) return absl::OkStatus();
  if (!absl::SimpleAtoi(it->second, out)) {
    return absl::DataLossError(absl::StrCat("metadata ", key, ": not a number: ", it->second));
  }
  return absl::OkStatus();
}

std::string Get(const std::map<std::string, std::string>& rows, const std::string& key) {
  auto it = rows.find(key);
  return it == rows.end() ? std::string() : it->second;
}

}  // namespace

std::map<std::string, std::string> MetadataRows(const DatabaseMetadata& m) {
  return {
      {"schema_version", absl::StrCat(m.schema_version)},
      {"built_at", m.built_at},
      {"moat_version", m.moat_version},
      {"advisories", absl::StrCat(m.advisories)},
      {"affected_entries", absl::StrCat(m.affected_entries)},
      {"sources", DumpJson(SourcesJson(m.sources))},
      {"downloads", DumpJson(DownloadsJson(m.downloads))},
  };
}

absl::StatusOr<DatabaseMetadata> MetadataFromRows(const std::map<std::string, std::string>& rows) {
  DatabaseMetadata m;
  int64_t schema = 0;
  MOAT_RETURN_IF_ERROR(ParseInt(rows, "schema_version", &schema));
  m.schema_version = static_cast<int>(schema);
  m.built_at = Get(rows, "built_at");
  m.moat_version = Get(rows, "moat_version");
  MOAT_RETURN_IF_ERROR(ParseInt(rows, "advisories", &m.advisories));
  MOAT_RETURN_IF_ERROR(ParseInt(rows, "affected_entries", &m.affected_entries));
  if (auto it = rows.find("sources"); it != rows.end()) {
    MOAT_ASSIGN_OR_RETURN(Json sources, ParseArray(it->second, "sources"));
    for (const Json& s : sources) {
      ImportStats stats;
      stats.source = JsonString(s, "source");
      stats.files = JsonInt(s, "files").value_or(0);
      stats.records = JsonInt(s, "records").value_or(0);
      stats.malformed = JsonInt(s, "malformed").value_or(0);
      stats.skipped = JsonInt(s, "skipped").value_or(0);
      stats.duplicates = JsonInt(s, "duplicates").value_or(0);
      stats.newest = JsonString(s, "newest");
      m.sources.push_back(std::move(stats));
    }
  }
  if (auto it = rows.find("downloads"); it != rows.end()) {
    MOAT_ASSIGN_OR_RETURN(Json downloads, ParseArray(it->second, "downloads"));
    for (const Json& d : downloads) {
      m.downloads.push_back({JsonString(d, "feed"), JsonString(d, "url"),
                             JsonInt(d, "bytes").value_or(0), JsonString(d, "sha256")});
    }
  }
  return m;
}

}  // namespace moat::vulndb
