#include "image/open_image.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"
#include "image/rootfs_source.h"

namespace moat::image {
namespace {

constexpr std::array<std::pair<InputType, absl::string_view>, 6> kTypes = {{
    {InputType::kAuto, "auto"},
    {InputType::kDockerArchive, "docker-archive"},
    {InputType::kOciArchive, "oci-archive"},
    {InputType::kOciDir, "oci-dir"},
    {InputType::kRootfs, "rootfs"},
    {InputType::kRegistry, "registry"},
}};

// Transport prefixes as skopeo spells them, plus our own type names.
constexpr std::array<std::pair<absl::string_view, InputType>, 8> kPrefixes = {{
    {"docker-archive:", InputType::kDockerArchive},
    {"oci-archive:", InputType::kOciArchive},
    {"oci-dir:", InputType::kOciDir},
    {"oci:", InputType::kOciDir},
    {"rootfs:", InputType::kRootfs},
    {"dir:", InputType::kRootfs},
    {"docker://", InputType::kRegistry},
    {"registry:", InputType::kRegistry},
}};

bool Exists(platform::FileSystem* fs, const std::string& path) { return fs->Stat(path).ok(); }

// What a local path holds, when the user did not say.
absl::StatusOr<InputType> Detect(platform::FileSystem* fs, const std::string& path,
                                 std::shared_ptr<BlobStore>* opened) {
  MOAT_ASSIGN_OR_RETURN(platform::FileStat st, fs->Stat(path));
  if (st.kind == platform::FileKind::kDirectory) {
    if (Exists(fs, path + "/oci-layout") || Exists(fs, path + "/index.json"))
      return InputType::kOciDir;
    if (Exists(fs, path + "/manifest.json")) return InputType::kDockerArchive;
    return InputType::kRootfs;
  }
  if (st.kind != platform::FileKind::kRegular) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": neither a file nor a directory"));
  }
  MOAT_ASSIGN_OR_RETURN(*opened, OpenTarBlobStore(fs, path));
  if ((*opened)->Exists("manifest.json")) return InputType::kDockerArchive;
  if ((*opened)->Exists("index.json")) return InputType::kOciArchive;
  return absl::InvalidArgumentError(absl::StrCat(
      path,
      ": not an image archive (neither manifest.json of docker-archive nor index.json of "
      "oci-archive)"));
}

// "dir:tag" where the tag may hold ':' and '/' itself ("oci:demo/app:1.0"): the rightmost ':'
// whose prefix exists on disk.
size_t SplitAtExistingPrefix(platform::FileSystem* fs, const std::string& path) {
  for (size_t colon = path.rfind(':'); colon != std::string::npos && colon > 0;
       colon = path.rfind(':', colon - 1)) {
    if (Exists(fs, path.substr(0, colon))) return colon;
  }
  return std::string::npos;
}

}  // namespace

bool ParseInputType(absl::string_view name, InputType* out) {
  for (const auto& [type, known] : kTypes) {
    if (known == name) {
      *out = type;
      return true;
    }
  }
  return false;
}

absl::string_view InputTypeName(InputType type) {
  for (const auto& [known, name] : kTypes) {
    if (known == type) return name;
  }
  return "auto";
}

absl::StatusOr<ResolvedTarget> ResolveTarget(platform::FileSystem* fs, absl::string_view target,
                                             InputType forced) {
  ResolvedTarget out;
  out.type = forced;
  for (const auto& [prefix, type] : kPrefixes) {
    if (absl::ConsumePrefix(&target, prefix)) {
      if (forced == InputType::kAuto) out.type = type;
      break;
    }
  }
  if (target.empty()) return absl::InvalidArgumentError("empty image target");
  if (out.type == InputType::kRegistry) {
    out.path = std::string(target);
    return out;
  }
  std::string path(target);
  if (!Exists(fs, path)) {
    if (auto at = path.rfind("@sha256:");
        at != std::string::npos && Exists(fs, path.substr(0, at))) {
      out.selector.digest = path.substr(at + 1);
      path.resize(at);
    } else if (size_t colon = SplitAtExistingPrefix(fs, path); colon != std::string::npos) {
      out.selector.tag = path.substr(colon + 1);
      path.resize(colon);
    } else if (out.type != InputType::kAuto) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
    } else {
      out.type = InputType::kRegistry;
      out.path = path;
      return out;
    }
  }
  out.path = path;
  if (out.type == InputType::kAuto) {
    MOAT_ASSIGN_OR_RETURN(out.type, Detect(fs, path, &out.store));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<ImageSource>> OpenLocalImage(platform::FileSystem* fs,
                                                            const ResolvedTarget& target,
                                                            const Platform& platform,
                                                            const ScanLimits& limits) {
  ImageSelector selector = target.selector;
  selector.platform = platform;
  std::string reference = target.path;
  if (!selector.tag.empty()) absl::StrAppend(&reference, ":", selector.tag);
  if (!selector.digest.empty()) absl::StrAppend(&reference, "@", selector.digest);
  auto store_for = [&]() -> absl::StatusOr<std::shared_ptr<BlobStore>> {
    if (target.store != nullptr) return target.store;
    MOAT_ASSIGN_OR_RETURN(platform::FileStat st, fs->Stat(target.path));
    if (st.kind == platform::FileKind::kDirectory) return NewDirectoryBlobStore(fs, target.path);
    return OpenTarBlobStore(fs, target.path);
  };
  switch (target.type) {
    case InputType::kRootfs:
      return OpenRootfs(fs, target.path);
    case InputType::kOciDir:
    case InputType::kOciArchive: {
      MOAT_ASSIGN_OR_RETURN(auto store, store_for());
      return OpenOciLayout(std::move(store), selector, limits, reference,
                           std::string(InputTypeName(target.type)));
    }
    case InputType::kDockerArchive: {
      MOAT_ASSIGN_OR_RETURN(auto store, store_for());
      return OpenDockerArchive(std::move(store), selector, limits, reference);
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat(target.path, ": not a local image"));
  }
}

}  // namespace moat::image
