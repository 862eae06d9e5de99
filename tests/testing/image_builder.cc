#include "testing/image_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/sha256.h"

namespace moat::testing {
namespace {

namespace fs = std::filesystem;

la_ssize_t AppendCallback(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

unsigned FileType(image::EntryType type) {
  switch (type) {
    case image::EntryType::kDirectory:
      return AE_IFDIR;
    case image::EntryType::kSymlink:
      return AE_IFLNK;
    case image::EntryType::kCharDevice:
      return AE_IFCHR;
    case image::EntryType::kBlockDevice:
      return AE_IFBLK;
    case image::EntryType::kFifo:
      return AE_IFIFO;
    default:
      return AE_IFREG;
  }
}

absl::Status WriteFile(const std::string& path, const std::string& data) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) return absl::InternalError(absl::StrCat("writing ", path));
  return absl::OkStatus();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Digest(const std::string& data) { return absl::StrCat("sha256:", Sha256Hex(data)); }

struct BuiltLayer {
  std::string tar;   // uncompressed
  std::string blob;  // as stored
  std::string diff_id;
  std::string digest;  // as written in the manifest
  std::string media_type;
};

BuiltLayer BuildLayer(const LayerSpec& spec) {
  BuiltLayer layer;
  layer.tar = MakeTar(spec.entries);
  layer.diff_id = Digest(layer.tar);
  layer.blob = spec.use_raw_blob ? spec.raw_blob : Compress(layer.tar, spec.compression);
  layer.digest = Digest(layer.blob);
  if (spec.lie_about_digest) layer.digest = Digest(layer.blob + "x");
  layer.media_type =
      spec.compression == LayerCompression::kGzip   ? "application/vnd.oci.image.layer.v1.tar+gzip"
      : spec.compression == LayerCompression::kZstd ? "application/vnd.oci.image.layer.v1.tar+zstd"
                                                    : "application/vnd.oci.image.layer.v1.tar";
  return layer;
}

std::string ConfigJson(const ImageSpec& image, const std::vector<BuiltLayer>& layers) {
  Json config = {
      {"architecture", image.architecture}, {"os", image.os}, {"created", "2026-01-01T00:00:00Z"}};
  config["config"] = {{"Env", image.env}, {"Cmd", image.cmd}};
  if (!image.labels.empty()) config["config"]["Labels"] = image.labels;
  Json diff_ids = Json::array();
  Json history = Json::array();
  for (size_t i = 0; i < layers.size(); ++i) {
    diff_ids.push_back(layers[i].diff_id);
    history.push_back({{"created_by", image.layers[i].created_by}});
  }
  config["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
  config["history"] = history;
  return config.dump();
}

}  // namespace

TarEntry File(std::string path, std::string data, uint32_t mode) {
  TarEntry e;
  e.path = std::move(path);
  e.data = std::move(data);
  e.mode = mode;
  return e;
}

TarEntry Dir(std::string path, uint32_t mode) {
  TarEntry e;
  e.path = std::move(path);
  e.type = image::EntryType::kDirectory;
  e.mode = mode;
  return e;
}

TarEntry Symlink(std::string path, std::string target) {
  TarEntry e;
  e.path = std::move(path);
  e.type = image::EntryType::kSymlink;
  e.link = std::move(target);
  e.mode = 0777;
  return e;
}

TarEntry Hardlink(std::string path, std::string target) {
  TarEntry e;
  e.path = std::move(path);
  e.type = image::EntryType::kHardlink;
  e.link = std::move(target);
  return e;
}

std::string MakeTar(const std::vector<TarEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, AppendCallback, nullptr);
  for (const TarEntry& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_perm(entry, e.mode);
    archive_entry_set_mtime(entry, 0, 0);
    if (e.type == image::EntryType::kHardlink) {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, e.link.c_str());
      archive_entry_set_size(entry, 0);
    } else {
      archive_entry_set_filetype(entry, FileType(e.type));
      if (e.type == image::EntryType::kSymlink) archive_entry_set_symlink(entry, e.link.c_str());
      archive_entry_set_size(
          entry, e.type == image::EntryType::kRegular ? static_cast<la_int64_t>(e.data.size()) : 0);
    }
    archive_write_header(a, entry);
    if (e.type == image::EntryType::kRegular && !e.data.empty()) {
      archive_write_data(a, e.data.data(), e.data.size());
    }
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string Compress(const std::string& data, LayerCompression compression) {
  if (compression == LayerCompression::kNone) return data;
  if (compression == LayerCompression::kZstd) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    out.resize(ZSTD_isError(n) ? 0 : n);
    return out;
  }
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

namespace {

// Compresses what libarchive writes, as it writes it.
struct StreamingCompressor {
  LayerCompression compression;
  std::string out;
  z_stream zs{};
  ZSTD_CStream* zstd = nullptr;

  explicit StreamingCompressor(LayerCompression c) : compression(c) {
    if (c == LayerCompression::kGzip)
      deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    if (c == LayerCompression::kZstd) {
      zstd = ZSTD_createCStream();
      ZSTD_initCStream(zstd, 3);
    }
  }
  void Feed(const char* data, size_t size, bool finish) {
    char buffer[64 * 1024];
    if (compression == LayerCompression::kGzip) {
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
      zs.avail_in = static_cast<uInt>(size);
      int ret;
      do {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof(buffer);
        ret = deflate(&zs, finish ? Z_FINISH : Z_NO_FLUSH);
        out.append(buffer, sizeof(buffer) - zs.avail_out);
      } while (zs.avail_out == 0 || (finish && ret != Z_STREAM_END));
      if (finish) deflateEnd(&zs);
    } else {
      ZSTD_inBuffer in = {data, size, 0};
      while (in.pos < in.size) {
        ZSTD_outBuffer o = {buffer, sizeof(buffer), 0};
        ZSTD_compressStream(zstd, &o, &in);
        out.append(buffer, o.pos);
      }
      if (finish) {
        size_t left;
        do {
          ZSTD_outBuffer o = {buffer, sizeof(buffer), 0};
          left = ZSTD_endStream(zstd, &o);
          out.append(buffer, o.pos);
        } while (left != 0);
        ZSTD_freeCStream(zstd);
      }
    }
  }
};

la_ssize_t CompressCallback(archive*, void* self, const void* buffer, size_t length) {
  static_cast<StreamingCompressor*>(self)->Feed(static_cast<const char*>(buffer), length, false);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

std::string ZeroBombLayer(const std::string& name, int64_t size, LayerCompression compression) {
  StreamingCompressor compressor(compression);
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(a, &compressor, nullptr, CompressCallback, nullptr);
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, name.c_str());
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_size(entry, size);
  archive_write_header(a, entry);
  std::string zeros(1 << 20, '\0');
  for (int64_t done = 0; done < size; done += static_cast<int64_t>(zeros.size())) {
    archive_write_data(a, zeros.data(),
                       static_cast<size_t>(std::min<int64_t>(zeros.size(), size - done)));
  }
  archive_entry_free(entry);
  archive_write_close(a);
  archive_write_free(a);
  compressor.Feed(nullptr, 0, true);
  return compressor.out;
}

namespace {

LayerSpec LayerFromDir(const fs::path& dir) {
  LayerSpec layer;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    std::string rel = fs::relative(path, dir).string();
    auto status = fs::symlink_status(path);
    if (fs::is_symlink(status)) {
      layer.entries.push_back(Symlink(rel, fs::read_symlink(path).string()));
    } else if (fs::is_directory(status)) {
      layer.entries.push_back(Dir(rel));
    } else {
      bool exec = (status.permissions() & fs::perms::owner_exec) != fs::perms::none;
      layer.entries.push_back(File(rel, ReadFile(path.string()), exec ? 0755 : 0644));
    }
  }
  layer.created_by = "COPY " + dir.filename().string() + " /";
  return layer;
}

}  // namespace

absl::StatusOr<ImageSpec> ImageFromLayerDirs(const std::string& dir) {
  ImageSpec image;
  for (int n = 1; fs::is_directory(fs::path(dir) / ("layer" + std::to_string(n))); ++n) {
    image.layers.push_back(LayerFromDir(fs::path(dir) / ("layer" + std::to_string(n))));
  }
  if (image.layers.empty()) return absl::NotFoundError(dir + ": no layer1/ directory");
  return image;
}

absl::Status WriteOciLayout(const std::string& dir, const std::vector<ImageSpec>& images) {
  fs::create_directories(dir + "/blobs/sha256");
  auto blob = [&](const std::string& data, const std::string& digest) {
    return WriteFile(absl::StrCat(dir, "/blobs/sha256/", digest.substr(7)), data);
  };
  Json index = {{"schemaVersion", 2},
                {"mediaType", "application/vnd.oci.image.index.v1+json"},
                {"manifests", Json::array()}};
  if (fs::exists(dir + "/index.json")) {
    auto parsed = ParseJson(ReadFile(dir + "/index.json"), "index.json");
    if (parsed.ok()) index = *parsed;
  }
  for (const ImageSpec& image : images) {
    std::vector<BuiltLayer> layers;
    Json layer_descs = Json::array();
    for (const LayerSpec& spec : image.layers) {
      layers.push_back(BuildLayer(spec));
      const BuiltLayer& l = layers.back();
      if (auto s = WriteFile(absl::StrCat(dir, "/blobs/sha256/", l.digest.substr(7)), l.blob);
          !s.ok())
        return s;
      layer_descs.push_back(
          {{"mediaType", l.media_type}, {"digest", l.digest}, {"size", l.blob.size()}});
    }
    std::string config = ConfigJson(image, layers);
    if (auto s = blob(config, Digest(config)); !s.ok()) return s;
    Json manifest = {{"schemaVersion", 2},
                     {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                     {"config",
                      {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                       {"digest", Digest(config)},
                       {"size", config.size()}}},
                     {"layers", layer_descs}};
    std::string manifest_text = manifest.dump();
    if (auto s = blob(manifest_text, Digest(manifest_text)); !s.ok()) return s;
    index["manifests"].push_back(
        {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
         {"digest", Digest(manifest_text)},
         {"size", manifest_text.size()},
         {"annotations", {{"org.opencontainers.image.ref.name", image.tag}}}});
  }
  if (auto s = WriteFile(dir + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})"); !s.ok())
    return s;
  return WriteFile(dir + "/index.json", index.dump());
}

absl::Status WriteTarFile(const std::string& path, const std::vector<TarEntry>& entries) {
  return WriteFile(path, MakeTar(entries));
}

absl::Status WriteOciArchive(const std::string& path, const std::vector<ImageSpec>& images) {
  std::string dir = path + ".layout.tmp";
  fs::remove_all(dir);
  if (auto s = WriteOciLayout(dir, images); !s.ok()) return s;
  std::vector<TarEntry> entries;
  for (const auto& file : fs::recursive_directory_iterator(dir)) {
    if (!file.is_regular_file()) continue;
    entries.push_back(
        File(fs::relative(file.path(), dir).string(), ReadFile(file.path().string())));
  }
  fs::remove_all(dir);
  return WriteTarFile(path, entries);
}

absl::Status WriteDockerArchive(const std::string& path, const std::vector<ImageSpec>& images) {
  std::vector<TarEntry> entries;
  Json manifest = Json::array();
  for (const ImageSpec& image : images) {
    std::vector<BuiltLayer> layers;
    Json layer_names = Json::array();
    for (const LayerSpec& spec : image.layers) {
      LayerSpec plain = spec;
      if (!plain.use_raw_blob) plain.compression = LayerCompression::kNone;
      layers.push_back(BuildLayer(plain));
      std::string name = absl::StrCat(layers.back().diff_id.substr(7), ".tar");
      entries.push_back(File(name, layers.back().blob));
      layer_names.push_back(name);
    }
    std::string config = ConfigJson(image, layers);
    std::string config_name = absl::StrCat(Sha256Hex(config), ".json");
    entries.push_back(File(config_name, config));
    manifest.push_back(
        {{"Config", config_name}, {"RepoTags", {image.tag}}, {"Layers", layer_names}});
  }
  entries.push_back(File("manifest.json", manifest.dump()));
  return WriteTarFile(path, entries);
}

absl::Status WriteRootfs(const std::string& dir, const ImageSpec& image) {
  fs::create_directories(dir);
  for (const LayerSpec& layer : image.layers) {
    for (const TarEntry& e : layer.entries) {
      fs::path target = fs::path(dir) / e.path;
      std::string base = target.filename().string();
      std::error_code ec;
      if (base == ".wh..wh..opq") {
        for (const auto& child : fs::directory_iterator(target.parent_path(), ec))
          fs::remove_all(child.path(), ec);
        continue;
      }
      if (absl::StartsWith(base, ".wh.")) {
        fs::remove_all(target.parent_path() / base.substr(4), ec);
        continue;
      }
      fs::create_directories(target.parent_path(), ec);
      if (e.type == image::EntryType::kDirectory) {
        fs::create_directories(target, ec);
      } else if (e.type == image::EntryType::kSymlink) {
        fs::remove(target, ec);
        fs::create_symlink(e.link, target, ec);
      } else if (e.type == image::EntryType::kHardlink) {
        fs::remove(target, ec);
        fs::create_hard_link(fs::path(dir) / e.link, target, ec);
      } else if (e.type == image::EntryType::kRegular) {
        fs::remove(target, ec);
        if (auto s = WriteFile(target.string(), e.data); !s.ok()) return s;
        fs::permissions(target, static_cast<fs::perms>(e.mode), ec);
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace moat::testing
