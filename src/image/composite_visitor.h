// Several content consumers on one layer read: the inventory's catalogers and the detectors
// each bring a LayerVisitorFactory, and a file is read once for all that want it.
#pragma once

#include <memory>
#include <vector>

#include "image/layer_visitor.h"

namespace moat::image {

class CompositeVisitorFactory : public LayerVisitorFactory {
 public:
  // Null parts are ignored; the parts must outlive the factory.
  explicit CompositeVisitorFactory(std::vector<LayerVisitorFactory*> parts);
  std::unique_ptr<LayerVisitor> ForLayer(int layer) override;

 private:
  std::vector<LayerVisitorFactory*> parts_;
};

}  // namespace moat::image
