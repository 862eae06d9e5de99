// Exporting a signed bundle: hash the database, sign the manifest, write the tar.
#include "vulndb/db_bundle.h"

#include <archive.h>
#include <archive_entry.h>

#include <functional>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

constexpr size_t kChunk = 1 << 20;

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

absl::Status WriteError(archive* a, absl::string_view what) {
  const char* message = archive_error_string(a);
  return absl::InternalError(absl::StrCat(what, ": ", message != nullptr ? message : "failed"));
}

struct FileDigest {
  int64_t size = 0;
  std::string sha256;
};

// Reads `path` in chunks, hashing each and handing it to `each` (when set); stops once more than
// `limit` bytes were read (the chunk that crossed it is neither hashed nor handed on).
absl::StatusOr<FileDigest> HashFile(platform::FileSystem* fs, const std::string& path,
                                    int64_t limit,
                                    const std::function<absl::Status(absl::string_view)>& each) {
  MOAT_ASSIGN_OR_RETURN(auto stream, fs->OpenRead(path));
  Sha256 sha;
  std::vector<char> buffer(kChunk);
  FileDigest out;
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, stream->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    out.size += static_cast<int64_t>(n);
    if (out.size > limit) break;
    absl::string_view chunk(buffer.data(), n);
    sha.Update(chunk);
    if (each) MOAT_RETURN_IF_ERROR(each(chunk));
  }
  out.sha256 = sha.HexDigest();
  return out;
}

// Hashes the database file, counting its bytes.
absl::Status DigestFile(platform::FileSystem* fs, const std::string& path, BundleManifest* m) {
  MOAT_ASSIGN_OR_RETURN(FileDigest digest,
                        HashFile(fs, path, std::numeric_limits<int64_t>::max(), nullptr));
  m->database_size = digest.size;
  m->database_sha256 = std::move(digest.sha256);
  return absl::OkStatus();
}

absl::Status WriteHeader(archive* a, const char* name, int64_t size) {
  std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
  archive_entry_set_pathname(entry.get(), name);
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  archive_entry_set_size(entry.get(), size);
  if (archive_write_header(a, entry.get()) != ARCHIVE_OK) {
    return WriteError(a, absl::StrCat("writing ", name));
  }
  return absl::OkStatus();
}

absl::Status WriteMember(archive* a, const char* name, absl::string_view bytes) {
  MOAT_RETURN_IF_ERROR(WriteHeader(a, name, static_cast<int64_t>(bytes.size())));
  if (archive_write_data(a, bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size())) {
    return WriteError(a, absl::StrCat("writing ", name));
  }
  return absl::OkStatus();
}

// Copies the database into the archive; it must still have the size and digest the manifest
// names (a database replaced between hashing and copying is caught here).
absl::Status WriteDatabase(archive* a, platform::FileSystem* fs, const std::string& path,
                           const BundleManifest& m) {
  MOAT_RETURN_IF_ERROR(WriteHeader(a, kBundleDatabaseName, m.database_size));
  MOAT_ASSIGN_OR_RETURN(FileDigest digest,
                        HashFile(fs, path, m.database_size, [&](absl::string_view chunk) {
                          if (archive_write_data(a, chunk.data(), chunk.size()) !=
                              static_cast<la_ssize_t>(chunk.size())) {
                            return WriteError(a, absl::StrCat("writing ", kBundleDatabaseName));
                          }
                          return absl::OkStatus();
                        }));
  if (digest.size != m.database_size || digest.sha256 != m.database_sha256) {
    return absl::AbortedError(absl::StrCat(path, " changed while it was being exported"));
  }
  return absl::OkStatus();
}

absl::Status WriteBundle(const std::string& file, platform::FileSystem* fs,
                         const std::string& db_path, const BundleManifest& m,
                         const std::string& manifest, const std::string& signature) {
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK ||
      archive_write_add_filter_zstd(a.get()) != ARCHIVE_OK ||
      archive_write_open_filename(a.get(), file.c_str()) != ARCHIVE_OK) {
    return WriteError(a.get(), absl::StrCat("creating ", file));
  }
  MOAT_RETURN_IF_ERROR(WriteMember(a.get(), kBundleManifestName, manifest));
  MOAT_RETURN_IF_ERROR(WriteMember(a.get(), kBundleSignatureName, signature));
  MOAT_RETURN_IF_ERROR(WriteDatabase(a.get(), fs, db_path, m));
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    return WriteError(a.get(), absl::StrCat("finishing ", file));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<BundleManifest> ExportBundle(platform::FileSystem* fs, const std::string& db_path,
                                            const BundleKey& key, const std::string& output_path) {
  if (!key.has_private()) {
    return absl::InvalidArgumentError("exporting a bundle needs a private key");
  }
  // Opening checks that it is a database of this schema before anything is signed.
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<VulnDatabase> db, OpenVulnDatabase(db_path));
  BundleManifest m;
  m.schema_version = db->metadata().schema_version;
  m.built_at = db->metadata().built_at;
  m.moat_version = db->metadata().moat_version;
  m.sources = db->metadata().sources;
  m.key_id = key.key_id();
  db.reset();
  MOAT_RETURN_IF_ERROR(DigestFile(fs, db_path, &m));
  std::string manifest = ManifestJson(m);
  MOAT_ASSIGN_OR_RETURN(std::string signature, key.Sign(manifest));
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, TempFile::CreateBeside(output_path));
  MOAT_RETURN_IF_ERROR(WriteBundle(temp->path(), fs, db_path, m, manifest, signature));
  MOAT_RETURN_IF_ERROR(temp->Install());
  return m;
}

}  // namespace moat::vulndb
