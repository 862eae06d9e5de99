#include "detect/config_file_checks.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "image/filesystem_view.h"

namespace moat::detect {
namespace {

// A world-writable file here lets any user change what every user runs or reads as config.
constexpr absl::string_view kSystemDirs[] = {"/bin",   "/sbin",   "/usr", "/lib",  "/lib32",
                                             "/lib64", "/libx32", "/etc", "/boot", "/opt"};

bool InSystemDir(absl::string_view path) {
  for (absl::string_view dir : kSystemDirs) {
    if (absl::StartsWith(path, dir) && (path.size() == dir.size() || path[dir.size()] == '/')) {
      return true;
    }
  }
  return false;
}

// Collects findings of one rule up to a cap, then counts the rest.
class CappedFindings {
 public:
  CappedFindings(int cap, std::vector<Finding>* out) : cap_(cap), out_(out) {}

  void Add(Finding f) {
    if (added_ < cap_) {
      out_->push_back(std::move(f));
      ++added_;
      return;
    }
    if (dropped_++ == 0) last_ = std::move(f);
  }

  // The first finding over the cap, saying how many more there were.
  void Finish() {
    if (dropped_ == 0) return;
    if (dropped_ > 1) {
      last_.title = absl::StrCat(last_.title, " (and ", dropped_ - 1, " more not listed)");
    }
    out_->push_back(std::move(last_));
  }

 private:
  int cap_;
  std::vector<Finding>* out_;
  int added_ = 0;
  int dropped_ = 0;
  Finding last_;
};

Finding FileFinding(absl::string_view rule, absl::string_view severity, std::string title,
                    absl::string_view fix, const image::FileRecord& file, int layer) {
  Finding f = MoatFinding(Category::kConfig, rule, severity, std::move(title), fix);
  f.evidence.layer = layer;
  f.evidence.path = file.path;
  f.evidence.excerpt =
      absl::StrFormat("mode %04o uid %d gid %d", file.mode & 07777, file.uid, file.gid);
  return f;
}

absl::string_view SetidTitle(uint32_t mode) {
  if ((mode & 06000) == 06000) return "setuid and setgid file added by a layer";
  return (mode & 04000) != 0 ? "setuid file added by a layer" : "setgid file added by a layer";
}

}  // namespace

void CheckConfigFiles(const image::ImageFiles& files, const ConfigDetectorOptions& options,
                      std::vector<Finding>* out) {
  CappedFindings setid(options.max_file_findings, out);
  CappedFindings writable(options.max_file_findings, out);
  files.view->ForEachLive([&](const image::FileRecord& file, image::FileRef ref) {
    const bool regular = file.IsRegular();
    if (regular && (file.mode & 06000) != 0 && (ref.layer > 0 || options.setuid_in_base_layer)) {
      setid.Add(FileFinding("MOAT-CFG-008", "medium", std::string(SetidTitle(file.mode)),
                            "Remove the setuid/setgid bit (chmod u-s,g-s) unless the program "
                            "must run with its owner's rights; a container rarely needs it.",
                            file, ref.layer));
    }
    const bool dir = file.type == image::EntryType::kDirectory;
    const bool sticky_dir = dir && (file.mode & 01000) != 0;
    if ((regular || dir) && !sticky_dir && (file.mode & 02) != 0 && InSystemDir(file.path)) {
      writable.Add(FileFinding("MOAT-CFG-009", "medium",
                               dir ? "World-writable directory in a system path"
                                   : "World-writable file in a system path",
                               "Remove write permission for others (chmod o-w); only the "
                               "owner should change system files.",
                               file, ref.layer));
    }
  });
  setid.Finish();
  writable.Finish();
}

}  // namespace moat::detect
