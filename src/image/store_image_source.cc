#include "image/store_image_source.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"
#include "common/sha256.h"
#include "common/status.h"
#include "image/layer_stream.h"
#include "image/manifest.h"

namespace moat::image {
namespace {

constexpr absl::string_view kRefName = "org.opencontainers.image.ref.name";

class StoreImageSource : public ImageSource {
 public:
  StoreImageSource(std::shared_ptr<BlobStore> store, ImageInfo info,
                   std::vector<std::string> members, DigestCheck check, const ScanLimits& limits)
      : store_(std::move(store)),
        info_(std::move(info)),
        members_(std::move(members)),
        check_(check),
        limits_(limits) {}

  const ImageInfo& info() const override { return info_; }

  absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayer(int index) override {
    if (index < 0 || index >= static_cast<int>(members_.size())) {
      return absl::OutOfRangeError(absl::StrCat("no layer ", index));
    }
    auto blob = store_->Open(members_[index]);
    if (!blob.ok()) return Annotate(blob.status(), absl::StrCat("layer ", index));
    return OpenLayerStream(std::move(*blob), info_.layers[index], limits_, check_);
  }

 private:
  std::shared_ptr<BlobStore> store_;
  ImageInfo info_;
  std::vector<std::string> members_;
  DigestCheck check_;
  ScanLimits limits_;
};

std::string BlobName(absl::string_view digest) {
  return absl::StrCat("blobs/sha256/", digest.substr(7));
}

// Reads a blob by digest and checks it.
absl::StatusOr<std::string> ReadVerified(BlobStore& store, const std::string& digest,
                                         int64_t max_bytes, absl::string_view what) {
  auto data = store.ReadSmall(BlobName(digest), max_bytes);
  if (!data.ok()) return Annotate(data.status(), what);
  std::string actual = absl::StrCat("sha256:", Sha256Hex(*data));
  if (actual != digest) {
    return absl::DataLossError(
        absl::StrCat(what, ": digest mismatch: expected ", digest, ", got ", actual));
  }
  return data;
}

bool TagMatches(const std::string& candidate, const std::string& wanted) {
  if (candidate == wanted) return true;
  // "demo/app:1.0" matches "1.0"; "docker.io/demo/app:1.0" matches "demo/app:1.0".
  if (candidate.size() > wanted.size() &&
      candidate.compare(candidate.size() - wanted.size(), wanted.size(), wanted) == 0) {
    char before = candidate[candidate.size() - wanted.size() - 1];
    return before == ':' || before == '/';
  }
  return false;
}

std::string DescribeChoices(const std::vector<std::string>& choices) {
  return absl::StrJoin(choices, ", ");
}

absl::StatusOr<Descriptor> ChooseFromIndex(const Index& index, const ImageSelector& selector,
                                           const std::string& what) {
  std::vector<std::string> choices;
  std::vector<const Descriptor*> matches;
  for (const Descriptor& d : index.manifests) {
    auto name = d.annotations.find(std::string(kRefName));
    std::string label = name != d.annotations.end() ? name->second : std::string();
    choices.push_back(label.empty() ? d.digest
                                    : absl::StrCat(label, " (", d.digest.substr(0, 19), ")"));
    bool hit = !selector.digest.empty() ? d.digest == selector.digest
               : !selector.tag.empty()  ? !label.empty() && TagMatches(label, selector.tag)
                                        : true;
    if (hit) matches.push_back(&d);
  }
  if (matches.size() == 1) return *matches[0];
  if (matches.empty() && (!selector.digest.empty() || !selector.tag.empty())) {
    return absl::NotFoundError(
        absl::StrCat(what, ": no image ", selector.digest.empty() ? selector.tag : selector.digest,
                     "; it has: ", DescribeChoices(choices)));
  }
  if (matches.empty())
    return absl::NotFoundError(absl::StrCat(what, ": the index lists no images"));
  return absl::FailedPreconditionError(absl::StrCat(
      what, " holds ", matches.size(),
      " images; name one as <path>:<tag> or <path>@<digest>: ", DescribeChoices(choices)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ImageSource>> OpenOciLayout(std::shared_ptr<BlobStore> store,
                                                           const ImageSelector& selector,
                                                           const ScanLimits& limits,
                                                           std::string reference,
                                                           std::string source_type) {
  const std::string what = store->description();
  MOAT_ASSIGN_OR_RETURN(std::string index_json,
                        store->ReadSmall("index.json", limits.max_manifest_size));
  MOAT_ASSIGN_OR_RETURN(auto parsed, ParseManifestOrIndex(index_json, kOciIndexType,
                                                          absl::StrCat(what, ": index.json")));
  if (!std::holds_alternative<Index>(parsed)) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": index.json is not an image index"));
  }
  MOAT_ASSIGN_OR_RETURN(Descriptor chosen,
                        ChooseFromIndex(std::get<Index>(parsed), selector, what));
  std::string tag;
  if (auto it = chosen.annotations.find(std::string(kRefName)); it != chosen.annotations.end()) {
    tag = it->second;
  }
  // Follow nested indexes (multi-platform images) down to one manifest.
  Manifest manifest;
  for (int depth = 0;; ++depth) {
    if (depth > 4)
      return absl::InvalidArgumentError(absl::StrCat(what, ": indexes nested too deeply"));
    std::string blob_what = absl::StrCat(what, ": manifest ", chosen.digest);
    MOAT_ASSIGN_OR_RETURN(std::string body,
                          ReadVerified(*store, chosen.digest, limits.max_manifest_size, blob_what));
    MOAT_ASSIGN_OR_RETURN(auto doc, ParseManifestOrIndex(body, chosen.media_type, blob_what));
    if (std::holds_alternative<Manifest>(doc)) {
      manifest = std::get<Manifest>(std::move(doc));
      break;
    }
    MOAT_ASSIGN_OR_RETURN(chosen,
                          SelectPlatform(std::get<Index>(doc), selector.platform, blob_what));
  }
  ImageInfo info;
  info.reference = std::move(reference);
  info.source_type = std::move(source_type);
  info.digest = chosen.digest;
  info.manifest_media_type = manifest.media_type;
  info.image_id = manifest.config.digest;
  if (!tag.empty()) info.repo_tags.push_back(tag);
  info.layers = LayersFromManifest(manifest);
  if (static_cast<int>(info.layers.size()) > limits.max_layers) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, ": ", info.layers.size(), " layers exceed --max-layers ", limits.max_layers));
  }
  std::string config_what = absl::StrCat(what, ": config ", manifest.config.digest);
  MOAT_ASSIGN_OR_RETURN(std::string config, ReadVerified(*store, manifest.config.digest,
                                                         limits.max_config_size, config_what));
  MOAT_RETURN_IF_ERROR(ApplyImageConfig(config, config_what, &info));
  std::vector<std::string> members;
  for (const LayerInfo& layer : info.layers) {
    if (!store->Exists(BlobName(layer.digest))) {
      return absl::NotFoundError(
          absl::StrCat(what, ": layer ", layer.index, " blob ", layer.digest, " is missing"));
    }
    members.push_back(BlobName(layer.digest));
  }
  return std::unique_ptr<ImageSource>(std::make_unique<StoreImageSource>(
      std::move(store), std::move(info), std::move(members), DigestCheck::kBlob, limits));
}

absl::StatusOr<std::unique_ptr<ImageSource>> OpenDockerArchive(std::shared_ptr<BlobStore> store,
                                                               const ImageSelector& selector,
                                                               const ScanLimits& limits,
                                                               std::string reference) {
  const std::string what = store->description();
  MOAT_ASSIGN_OR_RETURN(std::string text,
                        store->ReadSmall("manifest.json", limits.max_manifest_size));
  MOAT_ASSIGN_OR_RETURN(Json doc, ParseJson(text, absl::StrCat(what, ": manifest.json")));
  if (!doc.is_array() || doc.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": manifest.json lists no images"));
  }
  std::vector<std::string> choices;
  std::vector<const Json*> matches;
  for (const Json& entry : doc) {
    std::vector<std::string> tags = JsonStringArray(entry, "RepoTags");
    choices.push_back(tags.empty() ? JsonString(entry, "Config") : absl::StrJoin(tags, " "));
    bool hit = selector.tag.empty();
    for (const auto& t : tags) hit = hit || TagMatches(t, selector.tag);
    if (hit) matches.push_back(&entry);
  }
  if (matches.size() != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        what,
        matches.empty()
            ? absl::StrCat(": no image tagged ", selector.tag)
            : absl::StrCat(" holds ", matches.size(), " images; name one as <path>:<tag>"),
        "; it has: ", DescribeChoices(choices)));
  }
  const Json& entry = *matches[0];
  ImageInfo info;
  info.reference = std::move(reference);
  info.source_type = "docker-archive";
  info.repo_tags = JsonStringArray(entry, "RepoTags");
  std::vector<std::string> members = JsonStringArray(entry, "Layers");
  if (static_cast<int>(members.size()) > limits.max_layers) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, ": ", members.size(), " layers exceed --max-layers ", limits.max_layers));
  }
  for (size_t i = 0; i < members.size(); ++i) {
    if (!store->Exists(members[i])) {
      return absl::NotFoundError(
          absl::StrCat(what, ": layer ", i, " member ", members[i], " is missing"));
    }
    LayerInfo layer;
    layer.index = static_cast<int>(i);
    layer.size = store->Size(members[i]);
    layer.media_type = "application/vnd.docker.image.rootfs.diff.tar";
    info.layers.push_back(std::move(layer));
  }
  std::string config_name = JsonString(entry, "Config");
  std::string config_what = absl::StrCat(what, ": config ", config_name);
  auto config = store->ReadSmall(config_name, limits.max_config_size);
  if (!config.ok()) return Annotate(config.status(), config_what);
  info.image_id = absl::StrCat("sha256:", Sha256Hex(*config));
  MOAT_RETURN_IF_ERROR(ApplyImageConfig(*config, config_what, &info));
  return std::unique_ptr<ImageSource>(std::make_unique<StoreImageSource>(
      std::move(store), std::move(info), std::move(members), DigestCheck::kDiffId, limits));
}

}  // namespace moat::image
