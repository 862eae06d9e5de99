// Named files of an image container — an OCI layout or docker-archive — whether it is a
// directory or a tar archive. Image formats read through this, so each format is written once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "platform/file_system.h"
#include "platform/stream.h"

namespace moat::image {

// Thread-safe: Open() may be called concurrently.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // `name` is relative ("index.json", "blobs/sha256/<hex>"); "./" prefixes are ignored.
  virtual bool Exists(const std::string& name) const = 0;
  virtual absl::StatusOr<std::unique_ptr<platform::ReadStream>> Open(const std::string& name) = 0;
  // Size in bytes, -1 when unknown.
  virtual int64_t Size(const std::string& name) const = 0;
  // What this store is, for messages ("directory /x", "archive /x.tar").
  virtual const std::string& description() const = 0;

  // Reads a small member whole; errors beyond `max_bytes`.
  absl::StatusOr<std::string> ReadSmall(const std::string& name, int64_t max_bytes);
};

// A directory on disk. Members must be regular files inside it (symlinks are followed by the
// OS but a loop fails with a clear error).
std::unique_ptr<BlobStore> NewDirectoryBlobStore(platform::FileSystem* fs, std::string root);

// A tar archive (plain or compressed). Indexes the member names once; plain archives then serve
// members by offset (random access, concurrent); compressed ones by re-reading up to the member.
// Symlinked members (docker-archive "<id>/layer.tar -> ../<hex>.tar") are resolved.
absl::StatusOr<std::unique_ptr<BlobStore>> OpenTarBlobStore(platform::FileSystem* fs,
                                                            std::string path);

}  // namespace moat::image
