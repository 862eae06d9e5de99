// Signed database bundles for air-gapped sites (docs/formats/vulndb.md): a tar holding
// manifest.json (schema version, size and SHA-256 of the database, built-at, sources, signer
// key id), manifest.sig (Ed25519 over the manifest bytes) and the database, moat.db.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform/file_system.h"
#include "vulndb/bundle_key.h"
#include "vulndb/database.h"

namespace moat::vulndb {

inline constexpr int kBundleFormatVersion = 1;
inline constexpr char kBundleMediaType[] = "application/vnd.moat.vulndb.bundle.v1+json";
inline constexpr char kBundleManifestName[] = "manifest.json";
inline constexpr char kBundleSignatureName[] = "manifest.sig";
inline constexpr char kBundleDatabaseName[] = "moat.db";

struct BundleManifest {
  int bundle_version = kBundleFormatVersion;
  int schema_version = 0;
  int64_t database_size = 0;
  std::string database_sha256;  // lowercase hex
  std::string built_at;
  std::string moat_version;  // that built the database
  std::vector<ImportStats> sources;
  std::string key_id;  // BundleKey::key_id() of the signer
};

// The manifest's canonical bytes, and parsing them back (errors say which field is wrong).
std::string ManifestJson(const BundleManifest& manifest);
absl::StatusOr<BundleManifest> ParseManifest(absl::string_view json);

struct BundleLimits {
  int64_t max_manifest_bytes = 1 << 20;
  int64_t max_database_bytes = int64_t{64} << 30;
};

// Writes a bundle of the database at `db_path` signed with `key` (a private key) to
// `output_path` (atomically, zstd-compressed tar). Fails when the database cannot be opened
// (wrong schema, not a database).
absl::StatusOr<BundleManifest> ExportBundle(platform::FileSystem* fs, const std::string& db_path,
                                            const BundleKey& key, const std::string& output_path);

// Verifies a bundle with `key` (public) and installs its database at `db_path` atomically.
// Refuses — leaving `db_path` untouched — when the members are not exactly manifest.json,
// manifest.sig and moat.db in that order, the signer is another key, the signature or the
// database's size or SHA-256 does not verify, or the schema version is not this Moat's.
// Member names are never used as paths.
absl::StatusOr<BundleManifest> ImportBundle(platform::FileSystem* fs,
                                            const std::string& bundle_path, const BundleKey& key,
                                            const std::string& db_path,
                                            const BundleLimits& limits = {});

}  // namespace moat::vulndb
