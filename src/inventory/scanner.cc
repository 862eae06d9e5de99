#include "inventory/scanner.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status.h"
#include "image/composite_visitor.h"
#include "inventory/assembler.h"
#include "inventory/file_result.h"

namespace moat::inventory {
namespace {

// Runs the catalogers that want a file on its content; one per layer (one thread).
class CatalogingVisitor : public image::LayerVisitor {
 public:
  CatalogingVisitor(const std::vector<std::unique_ptr<Cataloger>>& catalogers,
                    int64_t max_file_size, std::vector<FileResult>* out)
      : catalogers_(catalogers), max_file_size_(max_file_size), out_(out) {}

  bool Wants(const image::FileRecord& file) override {
    wanting_.clear();
    for (size_t i = 0; i < catalogers_.size(); ++i) {
      if (catalogers_[i]->Wants(file)) wanting_.push_back(i);
    }
    return !wanting_.empty();
  }

  void Visit(const image::FileContent& content) override {
    FileInput input{content.layer, content.file, content.data, max_file_size_};
    for (size_t i : wanting_) {
      FileResult result;
      result.layer = content.layer;
      result.path = content.file.path;
      absl::Status status = catalogers_[i]->Parse(input, &result.facts);
      if (!status.ok()) {
        result.facts.warnings.push_back(
            absl::StrCat(content.file.path, ": ", catalogers_[i]->name(), ": ", status.message()));
      }
      for (Package& p : result.facts.packages) {
        if (p.found_in.empty()) p.found_in = content.file.path;
        p.layer = content.layer;
      }
      out_->push_back(std::move(result));
    }
  }

  void Skipped(int layer, const image::FileRecord& file, absl::string_view reason) override {
    // Binary catalogers look at every executable; one too large to read is not a problem of
    // the image worth a warning (it is still hashed into the executable index).
    if (file.IsExecutable()) return;
    FileResult result;
    result.layer = layer;
    result.path = file.path;
    result.facts.warnings.push_back(absl::StrCat(file.path, ": not analysed: ", reason));
    out_->push_back(std::move(result));
  }

 private:
  const std::vector<std::unique_ptr<Cataloger>>& catalogers_;
  int64_t max_file_size_;
  std::vector<FileResult>* out_;
  std::vector<size_t> wanting_;
};

class CatalogingFactory : public image::LayerVisitorFactory {
 public:
  CatalogingFactory(const std::vector<std::unique_ptr<Cataloger>>& catalogers,
                    int64_t max_file_size, size_t layers)
      : catalogers_(catalogers), max_file_size_(max_file_size), results_(layers) {}

  std::unique_ptr<image::LayerVisitor> ForLayer(int layer) override {
    return std::make_unique<CatalogingVisitor>(catalogers_, max_file_size_, &results_[layer]);
  }
  std::vector<FileResult> TakeAll() {
    std::vector<FileResult> all;
    for (auto& layer : results_) {
      for (auto& r : layer) all.push_back(std::move(r));
    }
    return all;
  }

 private:
  const std::vector<std::unique_ptr<Cataloger>>& catalogers_;
  int64_t max_file_size_;
  std::vector<std::vector<FileResult>> results_;  // one slot per layer: no locking needed
};

}  // namespace

absl::StatusOr<InventoryResult> BuildInventory(
    image::ImageSource& source, const std::vector<std::unique_ptr<Cataloger>>& catalogers,
    const image::ReadOptions& options) {
  return BuildInventory(source, catalogers, options, nullptr);
}

absl::StatusOr<InventoryResult> BuildInventory(
    image::ImageSource& source, const std::vector<std::unique_ptr<Cataloger>>& catalogers,
    const image::ReadOptions& options, image::LayerVisitorFactory* also) {
  CatalogingFactory factory(catalogers, options.limits.max_file_size, source.info().layers.size());
  image::CompositeVisitorFactory both({&factory, also});
  MOAT_ASSIGN_OR_RETURN(auto files, image::ReadImageFiles(source, &both, options));
  InventoryResult result;
  result.inventory = AssembleInventory(source.info(), *files, factory.TakeAll(), options.limits);
  result.files = std::move(files);
  return result;
}

}  // namespace moat::inventory
