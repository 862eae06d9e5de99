#include "image/rootfs_source.h"

#include <deque>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::image {
namespace {

class RootfsEntryReader : public EntryReader {
 public:
  RootfsEntryReader(platform::FileSystem* fs, std::string root) : fs_(fs), root_(std::move(root)) {
    dirs_.push_back("");
  }

  absl::StatusOr<bool> Next(EntryHeader* header) override {
    current_.reset();
    while (pending_.empty()) {
      if (dirs_.empty()) return false;
      std::string dir = std::move(dirs_.back());
      dirs_.pop_back();
      MOAT_ASSIGN_OR_RETURN(auto entries, fs_->ListDir(Full(dir)));
      for (auto& entry : entries) {
        pending_.push_back(dir.empty() ? entry.name : absl::StrCat(dir, "/", entry.name));
      }
    }
    std::string rel = std::move(pending_.front());
    pending_.pop_front();
    MOAT_ASSIGN_OR_RETURN(platform::FileStat st, fs_->LinkStat(Full(rel)));
    header->path = rel;
    header->mode = st.mode;
    header->uid = st.uid;
    header->gid = st.gid;
    header->mtime = st.mtime;
    header->size = 0;
    header->link_target.clear();
    switch (st.kind) {
      case platform::FileKind::kRegular:
        header->type = EntryType::kRegular;
        header->size = st.size;
        current_path_ = rel;
        break;
      case platform::FileKind::kDirectory:
        header->type = EntryType::kDirectory;
        dirs_.push_back(rel);
        break;
      case platform::FileKind::kSymlink: {
        header->type = EntryType::kSymlink;
        MOAT_ASSIGN_OR_RETURN(header->link_target, fs_->ReadLink(Full(rel)));
        break;
      }
      default:
        header->type = EntryType::kFifo;
        break;
    }
    return true;
  }

  absl::StatusOr<size_t> ReadData(char* buffer, size_t size) override {
    if (!current_) {
      MOAT_ASSIGN_OR_RETURN(current_,
                            fs_->OpenRead(Full(current_path_), /*follow_symlinks=*/false));
    }
    return current_->Read(buffer, size);
  }

  absl::Status Finish() override { return absl::OkStatus(); }

 private:
  std::string Full(const std::string& rel) const {
    return rel.empty() ? root_ : absl::StrCat(root_, "/", rel);
  }

  platform::FileSystem* fs_;
  std::string root_;
  std::vector<std::string> dirs_;
  std::deque<std::string> pending_;
  std::string current_path_;
  std::unique_ptr<platform::SeekableStream> current_;
};

class RootfsSource : public ImageSource {
 public:
  RootfsSource(platform::FileSystem* fs, std::string root) : fs_(fs), root_(std::move(root)) {
    info_.reference = root_;
    info_.source_type = "rootfs";
    LayerInfo layer;
    layer.index = 0;
    info_.layers.push_back(layer);
  }
  const ImageInfo& info() const override { return info_; }
  absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayer(int index) override {
    if (index != 0) return absl::OutOfRangeError(absl::StrCat("no layer ", index));
    return std::unique_ptr<EntryReader>(std::make_unique<RootfsEntryReader>(fs_, root_));
  }

 private:
  platform::FileSystem* fs_;
  std::string root_;
  ImageInfo info_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ImageSource>> OpenRootfs(platform::FileSystem* fs,
                                                        std::string root) {
  MOAT_ASSIGN_OR_RETURN(platform::FileStat st, fs->Stat(root));
  if (st.kind != platform::FileKind::kDirectory) {
    return absl::InvalidArgumentError(absl::StrCat(root, ": not a directory"));
  }
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return std::unique_ptr<ImageSource>(std::make_unique<RootfsSource>(fs, std::move(root)));
}

}  // namespace moat::image
