#include "image/composite_visitor.h"

namespace moat::image {
namespace {

class CompositeVisitor : public LayerVisitor {
 public:
  explicit CompositeVisitor(std::vector<std::unique_ptr<LayerVisitor>> parts)
      : parts_(std::move(parts)), wanting_(parts_.size()) {}

  bool Wants(const FileRecord& file) override {
    bool any = false;
    for (size_t i = 0; i < parts_.size(); ++i) {
      wanting_[i] = parts_[i]->Wants(file);
      any = any || wanting_[i];
    }
    return any;
  }

  void Visit(const FileContent& content) override {
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (wanting_[i]) parts_[i]->Visit(content);
    }
  }

  void Skipped(int layer, const FileRecord& file, absl::string_view reason) override {
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (wanting_[i]) parts_[i]->Skipped(layer, file, reason);
    }
  }

 private:
  std::vector<std::unique_ptr<LayerVisitor>> parts_;
  std::vector<bool> wanting_;  // which parts wanted the file Wants() saw last
};

}  // namespace

CompositeVisitorFactory::CompositeVisitorFactory(std::vector<LayerVisitorFactory*> parts) {
  for (LayerVisitorFactory* p : parts) {
    if (p != nullptr) parts_.push_back(p);
  }
}

std::unique_ptr<LayerVisitor> CompositeVisitorFactory::ForLayer(int layer) {
  std::vector<std::unique_ptr<LayerVisitor>> visitors;
  for (LayerVisitorFactory* p : parts_) visitors.push_back(p->ForLayer(layer));
  return std::make_unique<CompositeVisitor>(std::move(visitors));
}

}  // namespace moat::image
