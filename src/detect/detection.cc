#include "detect/detection.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"

namespace moat::detect {
namespace {

// Runs the detectors that want a file on its content; one per layer (one thread).
class DetectionVisitor : public image::LayerVisitor {
 public:
  DetectionVisitor(const std::vector<std::unique_ptr<FileDetector>>& detectors, int layer,
                   std::vector<Finding>* out)
      : detectors_(detectors), layer_(layer), out_(out) {}

  bool Wants(const image::FileRecord& file) override {
    wanting_.clear();
    for (size_t i = 0; i < detectors_.size(); ++i) {
      if (detectors_[i]->Wants(file)) wanting_.push_back(i);
    }
    return !wanting_.empty();
  }

  void Visit(const image::FileContent& content) override {
    FileScanInput input{content.layer, content.file, content.data};
    for (size_t i : wanting_) {
      size_t first = out_->size();
      detectors_[i]->Scan(input, out_);
      for (size_t f = first; f < out_->size(); ++f) {
        Evidence& e = (*out_)[f].evidence;
        if (e.layer < 0) e.layer = layer_;
        if (e.path.empty()) e.path = content.file.path;
      }
    }
  }

  // Files over --max-file-size: the inventory already warns about the ones it wanted.
  void Skipped(int, const image::FileRecord&, absl::string_view) override {}

 private:
  const std::vector<std::unique_ptr<FileDetector>>& detectors_;
  int layer_;
  std::vector<Finding>* out_;
  std::vector<size_t> wanting_;
};

// The layer that deleted or replaced each file finding's file, from the final view.
void FillDeletedBy(const image::ImageFiles& files, std::vector<Finding>& findings) {
  std::vector<absl::flat_hash_map<absl::string_view, uint32_t>> by_path(files.layers.size());
  for (Finding& f : findings) {
    const int layer = f.evidence.layer;
    if (layer < 0 || static_cast<size_t>(layer) >= files.layers.size() || f.evidence.path.empty())
      continue;
    auto& index = by_path[layer];
    if (index.empty()) {
      const auto& records = files.layers[layer].files;
      for (uint32_t i = 0; i < records.size(); ++i) index.emplace(records[i].path, i);
    }
    auto it = index.find(f.evidence.path);
    if (it == index.end()) continue;
    f.evidence.deleted_in_layer = files.view->DeletedBy(image::FileRef{layer, it->second});
  }
}

bool FindingBefore(const Finding& a, const Finding& b) {
  return std::forward_as_tuple(FindingSeverityRank(a.severity), a.category, a.evidence.path,
                               a.evidence.line, a.rule_id, a.evidence.layer, a.id) <
         std::forward_as_tuple(FindingSeverityRank(b.severity), b.category, b.evidence.path,
                               b.evidence.line, b.rule_id, b.evidence.layer, b.id);
}

}  // namespace

DetectionFactory::DetectionFactory(const std::vector<std::unique_ptr<FileDetector>>& detectors,
                                   size_t layers)
    : detectors_(detectors), per_layer_(layers) {}

std::unique_ptr<image::LayerVisitor> DetectionFactory::ForLayer(int layer) {
  return std::make_unique<DetectionVisitor>(detectors_, layer, &per_layer_[layer]);
}

std::vector<Finding> DetectionFactory::TakeAll() {
  std::vector<Finding> all;
  for (auto& layer : per_layer_) {
    for (Finding& f : layer) all.push_back(std::move(f));
    layer.clear();
  }
  return all;
}

std::vector<Finding> FinishFindings(std::vector<Finding> file_findings,
                                    const std::vector<std::unique_ptr<ImageDetector>>& detectors,
                                    const ImageScanInput& input) {
  std::vector<Finding> all = std::move(file_findings);
  for (const auto& detector : detectors) detector->Scan(input, &all);
  if (input.files != nullptr && input.files->view != nullptr) FillDeletedBy(*input.files, all);
  for (Finding& f : all) {
    const int layer = f.evidence.layer;
    if (layer >= 0 && static_cast<size_t>(layer) < input.image.layers.size()) {
      f.evidence.layer_diff_id = input.image.layers[layer].diff_id;
    }
    f.id = FindingFingerprint(f);
  }
  std::sort(all.begin(), all.end(), FindingBefore);
  return all;
}

}  // namespace moat::detect
