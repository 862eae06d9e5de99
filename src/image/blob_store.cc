#include "image/blob_store.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"

namespace moat::image {
namespace {

std::string CleanName(const std::string& name) {
  absl::string_view view = name;
  while (absl::ConsumePrefix(&view, "./")) {
  }
  while (absl::ConsumePrefix(&view, "/")) {
  }
  return std::string(view);
}

class DirectoryBlobStore : public BlobStore {
 public:
  DirectoryBlobStore(platform::FileSystem* fs, std::string root)
      : fs_(fs), root_(std::move(root)), description_(absl::StrCat("directory ", root_)) {}

  bool Exists(const std::string& name) const override {
    auto st = fs_->Stat(PathOf(name));
    return st.ok() && st->kind == platform::FileKind::kRegular;
  }
  absl::StatusOr<std::unique_ptr<platform::ReadStream>> Open(const std::string& name) override {
    MOAT_ASSIGN_OR_RETURN(auto stream, fs_->OpenRead(PathOf(name)));
    return std::unique_ptr<platform::ReadStream>(std::move(stream));
  }
  int64_t Size(const std::string& name) const override {
    auto st = fs_->Stat(PathOf(name));
    return st.ok() ? st->size : -1;
  }
  const std::string& description() const override { return description_; }

 private:
  std::string PathOf(const std::string& name) const {
    return absl::StrCat(root_, "/", CleanName(name));
  }
  platform::FileSystem* fs_;
  std::string root_;
  std::string description_;
};

}  // namespace

absl::StatusOr<std::string> BlobStore::ReadSmall(const std::string& name, int64_t max_bytes) {
  std::string what = absl::StrCat(description(), ": ", name);
  int64_t size = Size(name);
  if (size > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(what, ": ", size, " bytes, larger than the limit of ", max_bytes));
  }
  auto stream = Open(name);
  if (!stream.ok()) return Annotate(stream.status(), what);
  return platform::ReadAll(**stream, static_cast<size_t>(max_bytes), what);
}

std::unique_ptr<BlobStore> NewDirectoryBlobStore(platform::FileSystem* fs, std::string root) {
  return std::make_unique<DirectoryBlobStore>(fs, std::move(root));
}

}  // namespace moat::image
