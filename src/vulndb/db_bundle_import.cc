// Importing a signed bundle: members in a fixed order, the signature checked before the database
// is read, the database hashed while it streams into a temporary file, installed only when all
// checks pass. Member names are compared, never used as paths.
#include <archive.h>
#include <archive_entry.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status.h"
#include "common/version.h"
#include "vulndb/archive_reader.h"
#include "vulndb/db_bundle.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

absl::Status Refuse(absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat("bundle refused: ", why));
}

// The next member, which must be the regular file `name`; returns its declared size.
absl::StatusOr<int64_t> ExpectMember(ArchiveReader& reader, const char* name) {
  MOAT_ASSIGN_OR_RETURN(archive_entry * entry, reader.Next());
  if (entry == nullptr) return Refuse(absl::StrCat("it ends before ", name));
  const char* path = archive_entry_pathname(entry);
  std::string actual = path != nullptr ? path : "";
  if (actual != name) {
    return Refuse(
        absl::StrCat("unexpected member ", PrintableName(actual), " where ", name, " belongs"));
  }
  if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr) {
    return Refuse(absl::StrCat(name, " is not a regular file"));
  }
  if (!archive_entry_size_is_set(entry)) return Refuse(absl::StrCat(name, " has no size"));
  return archive_entry_size(entry);
}

absl::StatusOr<std::string> ReadSmallMember(ArchiveReader& reader, const char* name,
                                            int64_t max_bytes) {
  MOAT_ASSIGN_OR_RETURN(int64_t size, ExpectMember(reader, name));
  if (size > max_bytes) {
    return Refuse(absl::StrCat(name, " is ", size, " bytes, more than the limit of ", max_bytes));
  }
  std::string out(static_cast<size_t>(size), '\0');
  size_t done = 0;
  while (done < out.size()) {
    MOAT_ASSIGN_OR_RETURN(size_t n, reader.Read(out.data() + done, out.size() - done));
    if (n == 0) return Refuse(absl::StrCat(name, " is truncated"));
    done += n;
  }
  return out;
}

// Checks the signer and the signature, then the versions the manifest states.
absl::StatusOr<BundleManifest> VerifyManifest(const std::string& manifest,
                                              const std::string& signature, const BundleKey& key) {
  MOAT_ASSIGN_OR_RETURN(BundleManifest m, ParseManifest(manifest));
  if (m.key_id != key.key_id()) {
    return Refuse(
        absl::StrCat("it was signed by key ", m.key_id, ", not by the given key ", key.key_id()));
  }
  if (!key.Verify(manifest, signature)) {
    return Refuse(absl::StrCat("the signature does not verify with key ", key.key_id(),
                               ": the manifest was changed after signing or the signature is "
                               "damaged"));
  }
  if (m.schema_version != kDatabaseSchemaVersion) {
    return Refuse(absl::StrCat("it holds a database of schema version ", m.schema_version,
                               ", but Moat ", kMoatVersion, " reads schema version ",
                               kDatabaseSchemaVersion));
  }
  return m;
}

// Streams the database member into `out`, checking its size and digest against the manifest.
absl::Status CopyDatabase(ArchiveReader& reader, const BundleManifest& m, TempFile& out) {
  MOAT_ASSIGN_OR_RETURN(int64_t declared, ExpectMember(reader, kBundleDatabaseName));
  if (declared != m.database_size) {
    return Refuse(absl::StrCat(kBundleDatabaseName, " is ", declared,
                               " bytes, but the manifest says ", m.database_size));
  }
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  int64_t total = 0;
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    total += static_cast<int64_t>(n);
    if (total > m.database_size) break;
    absl::string_view chunk(buffer.data(), n);
    sha.Update(chunk);
    MOAT_RETURN_IF_ERROR(out.Write(chunk));
  }
  if (total != m.database_size) {
    return Refuse(absl::StrCat(kBundleDatabaseName, " holds ", total,
                               " bytes, but the manifest says ", m.database_size));
  }
  std::string digest = sha.HexDigest();
  if (digest != m.database_sha256) {
    return Refuse(absl::StrCat(kBundleDatabaseName, " has SHA-256 ", digest,
                               ", but the signed manifest says ", m.database_sha256));
  }
  return absl::OkStatus();
}

absl::StatusOr<BundleManifest> Import(platform::FileSystem* fs, const std::string& bundle_path,
                                      const BundleKey& key, const std::string& db_path,
                                      const BundleLimits& limits) {
  MOAT_ASSIGN_OR_RETURN(auto stream, fs->OpenRead(bundle_path));
  MOAT_ASSIGN_OR_RETURN(auto reader,
                        ArchiveReader::Open(stream.get(), ArchiveFormat::kTar, bundle_path));
  MOAT_ASSIGN_OR_RETURN(std::string manifest,
                        ReadSmallMember(*reader, kBundleManifestName, limits.max_manifest_bytes));
  MOAT_ASSIGN_OR_RETURN(std::string signature,
                        ReadSmallMember(*reader, kBundleSignatureName, kEd25519SignatureSize));
  MOAT_ASSIGN_OR_RETURN(BundleManifest m, VerifyManifest(manifest, signature, key));
  if (m.database_size > limits.max_database_bytes) {
    return Refuse(absl::StrCat("the database is ", m.database_size,
                               " bytes, more than the limit of ", limits.max_database_bytes));
  }
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, TempFile::CreateBeside(db_path));
  MOAT_RETURN_IF_ERROR(CopyDatabase(*reader, m, *temp));
  MOAT_ASSIGN_OR_RETURN(archive_entry * extra, reader->Next());
  if (extra != nullptr) {
    const char* name = archive_entry_pathname(extra);
    return Refuse(absl::StrCat("unexpected member ", PrintableName(name != nullptr ? name : ""),
                               " after ", kBundleDatabaseName));
  }
  // Signed and intact, but check it opens as a database of this schema before installing.
  MOAT_RETURN_IF_ERROR(OpenVulnDatabase(temp->path()).status());
  MOAT_RETURN_IF_ERROR(temp->Install());
  return m;
}

}  // namespace

absl::StatusOr<BundleManifest> ImportBundle(platform::FileSystem* fs,
                                            const std::string& bundle_path, const BundleKey& key,
                                            const std::string& db_path,
                                            const BundleLimits& limits) {
  auto result = Import(fs, bundle_path, key, db_path, limits);
  if (!result.ok()) return Annotate(result.status(), absl::StrCat("importing ", bundle_path));
  return result;
}

}  // namespace moat::vulndb
