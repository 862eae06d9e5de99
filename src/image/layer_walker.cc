#include "image/layer_walker.h"

#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/path.h"
#include "common/sha256.h"
#include "common/status.h"

namespace moat::image {
namespace {

constexpr absl::string_view kWhiteoutPrefix = ".wh.";
constexpr absl::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr size_t kChunk = 256 * 1024;

class Walker {
 public:
  Walker(int layer, EntryReader& reader, LayerVisitor* visitor, const ScanLimits& limits,
         FileBudget& budget)
      : reader_(reader), visitor_(visitor), limits_(limits), budget_(budget) {
    out_.layer = layer;
  }

  absl::StatusOr<LayerFiles> Run() {
    EntryHeader header;
    while (true) {
      MOAT_ASSIGN_OR_RETURN(bool more, reader_.Next(&header));
      if (!more) break;
      MOAT_RETURN_IF_ERROR(OnEntry(header));
    }
    MOAT_RETURN_IF_ERROR(reader_.Finish());
    return std::move(out_);
  }

 private:
  absl::Status Error(absl::string_view path, absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("layer ", out_.layer, ": ", path, ": ", why));
  }

  absl::Status OnEntry(EntryHeader& header) {
    if (header.path.size() > limits_.max_path_length) {
      return Error(header.path.substr(0, 80) + "...",
                   absl::StrCat("path of ", header.path.size(), " bytes exceeds the limit of ",
                                limits_.max_path_length, " (--max-path-length)"));
    }
    auto path = NormalizeArchivePath(header.path);
    if (!path.ok()) return Error(header.path, path.status().message());
    if (*path == "/") return absl::OkStatus();
    if (!budget_.Take()) {
      return Error(*path,
                   absl::StrCat("the image has more than ", budget_.max(), " files (--max-files)"));
    }
    absl::string_view base = PathBasename(*path);
    if (absl::StartsWith(base, kWhiteoutPrefix)) return OnWhiteout(*path, base);

    FileRecord record;
    record.path = std::move(*path);
    record.type = header.type;
    record.mode = header.mode;
    record.size = header.size;
    record.uid = header.uid;
    record.gid = header.gid;
    if (header.type == EntryType::kHardlink) {
      MOAT_RETURN_IF_ERROR(OnHardlink(header, record));
    } else if (header.type == EntryType::kSymlink) {
      record.link_target = header.link_target;
    } else if (header.type == EntryType::kRegular) {
      MOAT_RETURN_IF_ERROR(OnRegular(record));
    }
    if (record.IsExecutable() && record.type == EntryType::kRegular) {
      executables_[record.path] = out_.files.size();
    }
    out_.files.push_back(std::move(record));
    return absl::OkStatus();
  }

  absl::Status OnWhiteout(const std::string& path, absl::string_view base) {
    std::string dir(PathDirname(path));
    if (base == kOpaqueMarker) {
      out_.opaque_dirs.push_back(std::move(dir));
    } else if (!absl::StartsWith(base, ".wh..wh.")) {  // other .wh..wh.* are aufs metadata
      absl::string_view name = base.substr(kWhiteoutPrefix.size());
      if (name.empty() || name == "." || name == "..") return Error(path, "malformed whiteout");
      out_.whiteouts.push_back(PathJoin(dir, name));
    }
    return absl::OkStatus();
  }

  absl::Status OnHardlink(const EntryHeader& header, FileRecord& record) {
    auto target = NormalizeArchivePath(header.link_target);
    if (!target.ok())
      return Error(record.path, absl::StrCat("hardlink target: ", target.status().message()));
    record.link_target = std::move(*target);
    if (auto it = executables_.find(record.link_target); it != executables_.end()) {
      const FileRecord& linked = out_.files[it->second];
      record.sha256 = linked.sha256;
      record.size = linked.size;
      record.mode = linked.mode;
    }
    return absl::OkStatus();
  }

  absl::Status OnRegular(FileRecord& record) {
    bool wanted = visitor_ != nullptr && visitor_->Wants(record);
    bool fits = record.size <= limits_.max_file_size;
    if (wanted && !fits) {
      visitor_->Skipped(
          out_.layer, record,
          absl::StrCat(record.size, " bytes exceed --max-file-size ", limits_.max_file_size));
      wanted = false;
    }
    bool hash = record.IsExecutable();
    if (!wanted && !hash) return absl::OkStatus();
    if (wanted) content_.clear();
    std::optional<Sha256> hasher;
    if (hash) hasher.emplace();
    int64_t total = 0;
    chunk_.resize(kChunk);
    char* chunk = chunk_.data();
    while (true) {
      auto n = reader_.ReadData(chunk, chunk_.size());
      if (!n.ok()) return Annotate(n.status(), record.path);
      if (*n == 0) break;
      total += static_cast<int64_t>(*n);
      absl::string_view piece(chunk, *n);
      if (hasher) hasher->Update(piece);
      if (wanted && static_cast<int64_t>(content_.size() + piece.size()) <= limits_.max_file_size) {
        content_.append(chunk, *n);
      }
    }
    if (total != record.size) {
      return Error(record.path, absl::StrCat("truncated: ", total, " of ", record.size, " bytes"));
    }
    if (hasher) record.sha256 = hasher->HexDigest();
    if (wanted) visitor_->Visit(FileContent{out_.layer, record, content_});
    return absl::OkStatus();
  }

  EntryReader& reader_;
  LayerVisitor* visitor_;
  const ScanLimits& limits_;
  FileBudget& budget_;
  LayerFiles out_;
  std::string content_;
  std::vector<char> chunk_;
  absl::flat_hash_map<std::string, size_t> executables_;
};

}  // namespace

absl::StatusOr<LayerFiles> WalkLayer(int layer, EntryReader& reader, LayerVisitor* visitor,
                                     const ScanLimits& limits, FileBudget& budget) {
  Walker walker(layer, reader, visitor, limits, budget);
  return walker.Run();
}

}  // namespace moat::image
