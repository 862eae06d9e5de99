#include "detect/dockerfile_detector.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "detect/dockerfile_checks.h"

namespace moat::detect {
namespace {

class DockerfileDetector : public FileDetector {
 public:
  absl::string_view name() const override { return "dockerfile"; }

  bool Wants(const image::FileRecord& file) const override {
    return file.size > 0 && file.size <= kMaxDockerfileInImage && IsDockerfilePath(file.path);
  }

  void Scan(const FileScanInput& input, std::vector<Finding>* out) const override {
    auto findings = ScanDockerfile(input.file.path, input.data);
    if (!findings.ok()) return;  // not a Dockerfile after all, or a broken one
    for (Finding& f : *findings) {
      f.evidence.layer = input.layer;
      out->push_back(std::move(f));
    }
  }
};

}  // namespace

bool IsDockerfilePath(absl::string_view path) {
  size_t slash = path.rfind('/');
  std::string base =
      absl::AsciiStrToLower(slash == absl::string_view::npos ? path : path.substr(slash + 1));
  for (absl::string_view name : {"dockerfile", "containerfile"}) {
    if (base == name) return true;
    if (absl::StartsWith(base, name) && base.size() > name.size() && base[name.size()] == '.') {
      return !absl::EndsWith(base, ".md") && !absl::EndsWith(base, ".txt") &&
             !absl::EndsWith(base, ".html");
    }
  }
  return absl::EndsWith(base, ".dockerfile") || absl::EndsWith(base, ".containerfile");
}

std::unique_ptr<FileDetector> NewDockerfileDetector() {
  return std::make_unique<DockerfileDetector>();
}

}  // namespace moat::detect
