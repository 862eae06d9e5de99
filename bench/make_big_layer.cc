// Writes an OCI layout whose one gzip layer inflates to about N GiB of realistic content —
// many files of text-like and binary-like data, a few executables, a dpkg status — to measure
// peak memory on a large layer.   moat_make_big_layer <out dir> <GiB>
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/sha256.h"
#include "nlohmann/json.hpp"

namespace {

struct GzipFile {
  explicit GzipFile(const std::string& path) : out(path, std::ios::binary) {
    deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  }
  void Write(const char* data, size_t size, bool finish) {
    char buffer[1 << 16];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs.avail_in = static_cast<uInt>(size);
    int ret;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buffer);
      zs.avail_out = sizeof(buffer);
      ret = deflate(&zs, finish ? Z_FINISH : Z_NO_FLUSH);
      size_t n = sizeof(buffer) - zs.avail_out;
      out.write(buffer, static_cast<std::streamsize>(n));
      compressed.Update(absl::string_view(buffer, n));
      compressed_size += n;
    } while (zs.avail_out == 0 || (finish && ret != Z_STREAM_END));
    if (!finish) plain.Update(absl::string_view(data, size));
  }
  std::ofstream out;
  z_stream zs{};
  moat::Sha256 compressed;
  moat::Sha256 plain;
  size_t compressed_size = 0;
};

la_ssize_t WriteCb(archive*, void* self, const void* buffer, size_t length) {
  static_cast<GzipFile*>(self)->Write(static_cast<const char*>(buffer), length, false);
  return static_cast<la_ssize_t>(length);
}

void AddFile(archive* a, const std::string& path, const std::string& data, int mode) {
  archive_entry* e = archive_entry_new();
  archive_entry_set_pathname(e, path.c_str());
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, mode);
  archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
  archive_write_header(a, e);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <out dir> <GiB>\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  double gib = std::stod(argv[2]);
  std::filesystem::create_directories(dir + "/blobs/sha256");
  std::string tmp = dir + "/layer.tmp";
  GzipFile gz(tmp);
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(a, &gz, nullptr, WriteCb, nullptr);
  std::mt19937_64 rng(42);
  const char* words[] = {"container", "layer", "package", "version", "moat", "scan", "image",
                         "digest", "alpha", "beta", "gamma", "delta", "config", "true", "false"};
  AddFile(a, "var/lib/dpkg/status",
          "Package: big\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n\n", 0644);
  uint64_t target = static_cast<uint64_t>(gib * (1ull << 30));
  uint64_t written = 0;
  for (int i = 0; written < target; ++i) {
    std::string data;
    size_t size = 16 * 1024 + rng() % (512 * 1024);
    data.reserve(size);
    if (i % 3 == 0) {  // binary-like: mostly random bytes
      while (data.size() < size) {
        uint64_t r = rng();
        data.append(reinterpret_cast<const char*>(&r), sizeof(r));
      }
    } else {  // text-like
      while (data.size() < size) {
        data += words[rng() % 15];
        data += (rng() % 9 == 0) ? '\n' : ' ';
      }
    }
    bool exec = i % 50 == 0;
    std::string path = "data/d" + std::to_string(i / 1000) + "/f" + std::to_string(i) +
                       (exec ? "" : ".txt");
    AddFile(a, path, data, exec ? 0755 : 0644);
    if (i % 200 == 0) {
      AddFile(a, "app" + std::to_string(i) + "/node_modules/pkg" + std::to_string(i) + "/package.json",
              "{\"name\":\"pkg" + std::to_string(i) + "\",\"version\":\"1.0." + std::to_string(i) + "\"}", 0644);
    }
    written += data.size();
  }
  archive_write_close(a);
  archive_write_free(a);
  gz.Write(nullptr, 0, true);
  gz.out.close();
  std::string digest = "sha256:" + gz.compressed.HexDigest();
  std::string diff_id = "sha256:" + gz.plain.HexDigest();
  std::filesystem::rename(tmp, dir + "/blobs/sha256/" + digest.substr(7));
  nlohmann::json config = {{"architecture", "amd64"}, {"os", "linux"},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}}};
  std::string config_text = config.dump();
  std::string config_digest = "sha256:" + moat::Sha256Hex(config_text);
  std::ofstream(dir + "/blobs/sha256/" + config_digest.substr(7)) << config_text;
  nlohmann::json manifest = {
      {"schemaVersion", 2}, {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
      {"config", {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", config_digest}, {"size", config_text.size()}}},
      {"layers", {{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"}, {"digest", digest}, {"size", gz.compressed_size}}}}};
  std::string manifest_text = manifest.dump();
  std::string manifest_digest = "sha256:" + moat::Sha256Hex(manifest_text);
  std::ofstream(dir + "/blobs/sha256/" + manifest_digest.substr(7)) << manifest_text;
  nlohmann::json index = {{"schemaVersion", 2},
                          {"manifests", {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                          {"digest", manifest_digest}, {"size", manifest_text.size()},
                                          {"annotations", {{"org.opencontainers.image.ref.name", "big"}}}}}}};
  std::ofstream(dir + "/index.json") << index.dump();
  std::ofstream(dir + "/oci-layout") << R"({"imageLayoutVersion":"1.0.0"})";
  std::printf("%s: %.2f GiB uncompressed, %.2f GiB gzip\n", dir.c_str(),
              static_cast<double>(written) / (1ull << 30),
              static_cast<double>(gz.compressed_size) / (1ull << 30));
  return 0;
}
