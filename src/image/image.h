// The image model: what an image is (identity, platform, config, history, layers), independent
// of where it was read from.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::image {

struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;

  // "linux/amd64" or "linux/arm64/v8".
  std::string ToString() const;
  bool operator==(const Platform&) const = default;
};

// Parses "os/arch[/variant]"; returns false on a malformed string.
bool ParsePlatform(absl::string_view text, Platform* out);

struct ImageConfig {
  std::string user;
  std::vector<std::string> env;
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::string working_dir;
  std::vector<std::string> exposed_ports;
  std::map<std::string, std::string> labels;
  std::string stop_signal;
  // Healthcheck.Test: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]; empty when the config has
  // no health check.
  std::vector<std::string> healthcheck;
};

struct HistoryEntry {
  std::string created;
  std::string created_by;
  std::string author;
  std::string comment;
  bool empty_layer = false;
};

struct LayerInfo {
  int index = 0;
  std::string digest;   // blob digest as stored (compressed for OCI/registry images)
  std::string diff_id;  // digest of the uncompressed tar, from the config
  std::string media_type;
  int64_t size = -1;       // blob size in bytes, -1 when unknown
  std::string created_by;  // from the history entry that made this layer
};

struct ImageInfo {
  std::string reference;    // what the user asked for (path, tag or registry reference)
  std::string source_type;  // docker-archive, oci-archive, oci-dir, rootfs, registry
  std::string digest;       // manifest digest ("" when the source has no manifest)
  std::string manifest_media_type;
  std::string image_id;  // config digest
  std::vector<std::string> repo_tags;
  std::vector<std::string> repo_digests;
  Platform platform;
  std::string created;
  std::string author;
  ImageConfig config;
  std::vector<HistoryEntry> history;
  std::vector<LayerInfo> layers;
};

}  // namespace moat::image
