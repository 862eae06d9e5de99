// Running the detectors of a scan: file detectors plug into the image read as a
// LayerVisitorFactory; FinishFindings runs the image detectors and completes the evidence.
#pragma once

#include <memory>
#include <vector>

#include "detect/detector.h"
#include "image/layer_visitor.h"

namespace moat::detect {

// One visitor per layer running every file detector that wants a file; findings are kept per
// layer, so no locking is needed. `detectors` must outlive the factory.
class DetectionFactory : public image::LayerVisitorFactory {
 public:
  DetectionFactory(const std::vector<std::unique_ptr<FileDetector>>& detectors, size_t layers);
  std::unique_ptr<image::LayerVisitor> ForLayer(int layer) override;
  // Every file finding, in layer order then the order found.
  std::vector<Finding> TakeAll();

 private:
  const std::vector<std::unique_ptr<FileDetector>>& detectors_;
  std::vector<std::vector<Finding>> per_layer_;
};

// Runs the image detectors, then completes every finding: the layer's diff ID, the layer that
// deleted the file (from input.files' view), the stable id; sorted worst severity first, then
// category, path, line, rule.
std::vector<Finding> FinishFindings(std::vector<Finding> file_findings,
                                    const std::vector<std::unique_ptr<ImageDetector>>& detectors,
                                    const ImageScanInput& input);

}  // namespace moat::detect
