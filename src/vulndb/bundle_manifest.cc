// The bundle manifest: canonical JSON out, checked JSON in.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"
#include "vulndb/db_bundle.h"

namespace moat::vulndb {
namespace {

bool IsLowerHex(absl::string_view s, size_t size) {
  if (s.size() != size) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(c) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

absl::Status Bad(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("bundle manifest: ", field, " ", why));
}

}  // namespace

std::string ManifestJson(const BundleManifest& m) {
  Json sources = Json::array();
  for (const ImportStats& s : m.sources) {
    sources.push_back({{"source", s.source},
                       {"files", s.files},
                       {"records", s.records},
                       {"malformed", s.malformed},
                       {"newest", s.newest}});
  }
  Json manifest = {
      {"mediaType", kBundleMediaType},
      {"bundleVersion", m.bundle_version},
      {"schemaVersion", m.schema_version},
      {"database",
       {{"name", kBundleDatabaseName}, {"size", m.database_size}, {"sha256", m.database_sha256}}},
      {"builtAt", m.built_at},
      {"moatVersion", m.moat_version},
      {"sources", sources},
      {"signer", {{"algorithm", "ed25519"}, {"keyId", m.key_id}}},
  };
  return DumpJson(manifest, 2) + "\n";
}

absl::StatusOr<BundleManifest> ParseManifest(absl::string_view json) {
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(json, "bundle manifest"));
  if (!root.is_object()) return Bad("", "is not an object");
  if (JsonString(root, "mediaType") != kBundleMediaType) {
    return Bad("mediaType", absl::StrCat("is not ", kBundleMediaType));
  }
  BundleManifest m;
  m.bundle_version = static_cast<int>(JsonInt(root, "bundleVersion").value_or(0));
  if (m.bundle_version != kBundleFormatVersion) {
    return Bad("bundleVersion",
               absl::StrCat(m.bundle_version, " is not supported (this Moat reads ",
                            kBundleFormatVersion, ")"));
  }
  m.schema_version = static_cast<int>(JsonInt(root, "schemaVersion").value_or(0));
  const Json* database = JsonField(root, "database");
  if (database == nullptr || !database->is_object()) return Bad("database", "is missing");
  if (JsonString(*database, "name") != kBundleDatabaseName) {
    return Bad("database.name", absl::StrCat("is not ", kBundleDatabaseName));
  }
  m.database_size = JsonInt(*database, "size").value_or(-1);
  if (m.database_size < 0) return Bad("database.size", "is missing or negative");
  m.database_sha256 = JsonString(*database, "sha256");
  if (!IsLowerHex(m.database_sha256, 64)) return Bad("database.sha256", "is not 64 hex digits");
  m.built_at = JsonString(root, "builtAt");
  m.moat_version = JsonString(root, "moatVersion");
  if (const Json* sources = JsonField(root, "sources"); sources != nullptr && sources->is_array()) {
    for (const Json& s : *sources) {
      ImportStats stats;
      stats.source = JsonString(s, "source");
      stats.files = JsonInt(s, "files").value_or(0);
      stats.records = JsonInt(s, "records").value_or(0);
      stats.malformed = JsonInt(s, "malformed").value_or(0);
      stats.newest = JsonString(s, "newest");
      m.sources.push_back(std::move(stats));
    }
  }
  const Json* signer = JsonField(root, "signer");
  if (signer == nullptr || JsonString(*signer, "algorithm") != "ed25519") {
    return Bad("signer.algorithm", "is not ed25519");
  }
  m.key_id = JsonString(*signer, "keyId");
  if (m.key_id.empty()) return Bad("signer.keyId", "is missing");
  return m;
}

}  // namespace moat::vulndb
