// Builds container images for tests, without Docker: tar layers in memory (libarchive), then an
// OCI layout directory, an oci-archive, a docker-archive or a flattened root file system.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "image/entry_reader.h"

namespace moat::testing {

struct TarEntry {
  std::string path;  // as stored in the tar, e.g. "usr/bin/ls" or "../evil"
  image::EntryType type = image::EntryType::kRegular;
  std::string data;
  uint32_t mode = 0644;
  std::string link;  // symlink target or hardlink target
};

// Short constructors for entries.
TarEntry File(std::string path, std::string data, uint32_t mode = 0644);
TarEntry Dir(std::string path, uint32_t mode = 0755);
TarEntry Symlink(std::string path, std::string target);
TarEntry Hardlink(std::string path, std::string target);

enum class LayerCompression { kNone, kGzip, kZstd };

struct LayerSpec {
  std::vector<TarEntry> entries;
  LayerCompression compression = LayerCompression::kGzip;
  std::string created_by = "test layer";
  // When set, used as the layer blob bytes verbatim (hostile tests); the digest in the
  // manifest is still computed from these bytes unless `lie_about_digest`.
  std::string raw_blob;
  bool use_raw_blob = false;
  bool lie_about_digest = false;  // write a digest that does not match the bytes
};

struct ImageSpec {
  std::vector<LayerSpec> layers;
  std::string tag = "latest";  // OCI ref.name / docker RepoTag
  std::string os = "linux";
  std::string architecture = "amd64";
  std::vector<std::string> env = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
  std::vector<std::string> cmd = {"/bin/sh"};
  std::map<std::string, std::string> labels;
};

// A tar archive of `entries` (pax format).
std::string MakeTar(const std::vector<TarEntry>& entries);
std::string Compress(const std::string& data, LayerCompression compression);

// A layer holding one file `name` of `size` zero bytes, compressed while it streams (so a 1 GB
// bomb costs no 1 GB of memory to make).
std::string ZeroBombLayer(const std::string& name, int64_t size, LayerCompression compression);

// An image whose layers are the directories <dir>/layer1, layer2, ... (files, dirs, symlinks;
// ".wh.*" files are whiteouts as in a layer tar).
absl::StatusOr<ImageSpec> ImageFromLayerDirs(const std::string& dir);

// Writes images into an OCI layout (creating or extending index.json).
absl::Status WriteOciLayout(const std::string& dir, const std::vector<ImageSpec>& images);
// oci-archive: the OCI layout as a tar.
absl::Status WriteOciArchive(const std::string& path, const std::vector<ImageSpec>& images);
// docker-archive (docker save): <diffid>.tar layers, <configdigest>.json, manifest.json.
absl::Status WriteDockerArchive(const std::string& path, const std::vector<ImageSpec>& images);
// The flattened file system of one image (whiteouts applied) under `dir`.
absl::Status WriteRootfs(const std::string& dir, const ImageSpec& image);

// Writes `entries` as a plain tar file at `path` (for outer archives in hostile tests).
absl::Status WriteTarFile(const std::string& path, const std::vector<TarEntry>& entries);

}  // namespace moat::testing
