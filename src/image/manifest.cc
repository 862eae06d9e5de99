#include "image/manifest.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "common/sha256.h"
#include "common/status.h"

namespace moat::image {
namespace {

absl::StatusOr<Descriptor> ParseDescriptor(const Json& j, absl::string_view what) {
  if (!j.is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  Descriptor d;
  d.media_type = JsonString(j, "mediaType");
  d.digest = JsonString(j, "digest");
  if (!IsValidSha256Digest(d.digest)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": digest \"", d.digest.substr(0, 80), "\" is not sha256:<64 hex>"));
  }
  d.size = JsonInt(j, "size").value_or(-1);
  if (d.size < -1) return absl::InvalidArgumentError(absl::StrCat(what, ": negative size"));
  if (const Json* p = JsonField(j, "platform"); p != nullptr && p->is_object()) {
    Platform platform;
    platform.os = JsonString(*p, "os");
    platform.architecture = JsonString(*p, "architecture");
    platform.variant = JsonString(*p, "variant");
    d.platform = platform;
  }
  if (const Json* a = JsonField(j, "annotations"); a != nullptr && a->is_object()) {
    for (const auto& [key, value] : a->items()) {
      if (value.is_string()) d.annotations[key] = value.get<std::string>();
    }
  }
  return d;
}

absl::StatusOr<std::vector<Descriptor>> ParseDescriptorArray(const Json& doc, absl::string_view key,
                                                             absl::string_view what) {
  const Json* arr = JsonField(doc, key);
  if (arr == nullptr || !arr->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": \"", key, "\" is missing"));
  }
  std::vector<Descriptor> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    MOAT_ASSIGN_OR_RETURN(Descriptor d,
                          ParseDescriptor((*arr)[i], absl::StrCat(what, ": ", key, "[", i, "]")));
    out.push_back(std::move(d));
  }
  return out;
}

bool IsIndexType(absl::string_view type) {
  return type == kOciIndexType || type == kDockerManifestListType;
}

// Normalises architecture spellings the way container runtimes do.
Platform Normalize(Platform p) {
  if (p.architecture == "x86_64" || p.architecture == "x86-64") p.architecture = "amd64";
  if (p.architecture == "aarch64") p.architecture = "arm64";
  if (p.architecture == "arm64" && p.variant == "v8") p.variant.clear();
  return p;
}

}  // namespace

absl::StatusOr<ManifestOrIndex> ParseManifestOrIndex(absl::string_view json,
                                                     absl::string_view content_type,
                                                     absl::string_view what) {
  MOAT_ASSIGN_OR_RETURN(Json doc, ParseJson(json, what));
  if (!doc.is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  std::string type(content_type);
  // Registries send "type; charset=..." now and then.
  if (auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  std::string declared = JsonString(doc, "mediaType");
  if (type.empty() || type == "application/json" || type == "text/plain") type = declared;
  auto schema = JsonInt(doc, "schemaVersion");
  if (type == kDockerSchema1Type || type == kDockerSchema1SignedType || schema == 1) {
    return absl::UnimplementedError(
        absl::StrCat(what,
                     ": Docker schema 1 manifests are deprecated and not supported; push the image "
                     "again with a current client"));
  }
  if (type.empty()) {
    // OCI allows mediaType to be absent: an index has "manifests", a manifest "config".
    type = JsonField(doc, "manifests") != nullptr ? std::string(kOciIndexType)
                                                  : std::string(kOciManifestType);
  }
  if (IsIndexType(type)) {
    Index index;
    index.media_type = type;
    MOAT_ASSIGN_OR_RETURN(index.manifests, ParseDescriptorArray(doc, "manifests", what));
    return index;
  }
  if (type != kOciManifestType && type != kDockerManifestType) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": unsupported manifest media type \"", type, "\""));
  }
  Manifest manifest;
  manifest.media_type = type;
  const Json* config = JsonField(doc, "config");
  if (config == nullptr) return absl::InvalidArgumentError(absl::StrCat(what, ": no config"));
  MOAT_ASSIGN_OR_RETURN(manifest.config, ParseDescriptor(*config, absl::StrCat(what, ": config")));
  MOAT_ASSIGN_OR_RETURN(manifest.layers, ParseDescriptorArray(doc, "layers", what));
  return manifest;
}

absl::StatusOr<Descriptor> SelectPlatform(const Index& index, const Platform& wanted,
                                          absl::string_view what) {
  Platform want = Normalize(wanted);
  std::vector<std::string> seen;
  const Descriptor* fallback = nullptr;
  for (const Descriptor& d : index.manifests) {
    if (!d.platform.has_value()) continue;
    Platform have = Normalize(*d.platform);
    if (have.os == "unknown" || have.architecture == "unknown") continue;
    seen.push_back(have.ToString());
    if (have.os != want.os || have.architecture != want.architecture) continue;
    if (have.variant == want.variant) return d;
    // Asked without a variant: take the first of that os/arch (e.g. arm/v7 for linux/arm).
    if (want.variant.empty() && fallback == nullptr) fallback = &d;
  }
  if (fallback != nullptr) return *fallback;
  return absl::NotFoundError(
      absl::StrCat(what, ": no image for platform ", want.ToString(),
                   "; the index has: ", seen.empty() ? "none" : absl::StrJoin(seen, ", ")));
}

std::vector<LayerInfo> LayersFromManifest(const Manifest& manifest) {
  std::vector<LayerInfo> layers;
  for (size_t i = 0; i < manifest.layers.size(); ++i) {
    LayerInfo layer;
    layer.index = static_cast<int>(i);
    layer.digest = manifest.layers[i].digest;
    layer.size = manifest.layers[i].size;
    layer.media_type = manifest.layers[i].media_type;
    layers.push_back(std::move(layer));
  }
  return layers;
}

absl::Status ApplyImageConfig(absl::string_view json, absl::string_view what, ImageInfo* info) {
  MOAT_ASSIGN_OR_RETURN(Json doc, ParseJson(json, what));
  if (!doc.is_object()) return absl::InvalidArgumentError(absl::StrCat(what, ": not an object"));
  info->platform.os = JsonString(doc, "os");
  info->platform.architecture = JsonString(doc, "architecture");
  info->platform.variant = JsonString(doc, "variant");
  info->created = JsonString(doc, "created");
  info->author = JsonString(doc, "author");
  if (const Json* c = JsonField(doc, "config"); c != nullptr && c->is_object()) {
    ImageConfig& config = info->config;
    config.user = JsonString(*c, "User");
    config.env = JsonStringArray(*c, "Env");
    config.entrypoint = JsonStringArray(*c, "Entrypoint");
    config.cmd = JsonStringArray(*c, "Cmd");
    config.working_dir = JsonString(*c, "WorkingDir");
    config.stop_signal = JsonString(*c, "StopSignal");
    if (const Json* health = JsonField(*c, "Healthcheck"); health != nullptr) {
      config.healthcheck = JsonStringArray(*health, "Test");
    }
    if (const Json* ports = JsonField(*c, "ExposedPorts"); ports != nullptr && ports->is_object()) {
      for (const auto& [port, unused] : ports->items()) config.exposed_ports.push_back(port);
    }
    if (const Json* labels = JsonField(*c, "Labels"); labels != nullptr && labels->is_object()) {
      for (const auto& [key, value] : labels->items()) {
        if (value.is_string()) config.labels[key] = value.get<std::string>();
      }
    }
  }
  if (const Json* h = JsonField(doc, "history"); h != nullptr && h->is_array()) {
    for (const Json& entry : *h) {
      HistoryEntry item;
      item.created = JsonString(entry, "created");
      item.created_by = JsonString(entry, "created_by");
      item.author = JsonString(entry, "author");
      item.comment = JsonString(entry, "comment");
      item.empty_layer = JsonBool(entry, "empty_layer");
      info->history.push_back(std::move(item));
    }
  }
  std::vector<std::string> diff_ids;
  if (const Json* rootfs = JsonField(doc, "rootfs"); rootfs != nullptr) {
    diff_ids = JsonStringArray(*rootfs, "diff_ids");
  }
  if (diff_ids.size() != info->layers.size()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": config lists ", diff_ids.size(),
                                                   " diff_ids but the image has ",
                                                   info->layers.size(), " layers"));
  }
  for (size_t i = 0; i < diff_ids.size(); ++i) {
    if (!IsValidSha256Digest(diff_ids[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": rootfs.diff_ids[", i, "] is not sha256:<64 hex>"));
    }
    info->layers[i].diff_id = diff_ids[i];
  }
  size_t layer = 0;
  for (const HistoryEntry& entry : info->history) {
    if (entry.empty_layer) continue;
    if (layer >= info->layers.size()) break;
    info->layers[layer++].created_by = entry.created_by;
  }
  return absl::OkStatus();
}

}  // namespace moat::image
