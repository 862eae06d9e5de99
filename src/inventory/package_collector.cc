#include "inventory/package_collector.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace moat::inventory {

void PackageCollector::Add(Package package) {
  std::string key = absl::StrCat(package.name, absl::string_view("\0", 1), package.version);
  auto [it, inserted] = index_.try_emplace(std::move(key), packages_.size());
  if (inserted) {
    packages_.push_back(std::move(package));
    return;
  }
  Package& earlier = packages_[it->second];
  earlier.dev = earlier.dev && package.dev;
  if (earlier.licenses.empty()) earlier.licenses = std::move(package.licenses);
}

std::vector<Package> PackageCollector::Take() {
  index_.clear();
  return std::exchange(packages_, {});
}

}  // namespace moat::inventory
