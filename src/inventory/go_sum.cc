#include "inventory/go_sum.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::inventory {

absl::StatusOr<std::vector<Package>> ParseGoSum(absl::string_view text) {
  std::vector<Package> out;
  absl::flat_hash_map<std::string, size_t> index;  // module path -> position in `out`
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t\r"), absl::SkipEmpty());
    if (fields.empty()) continue;
    if (fields.size() != 3) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", number, ": expected 3 fields, got ", fields.size()));
    }
    if (absl::EndsWith(fields[1], "/go.mod")) continue;
    std::string path(fields[0]);
    auto [it, inserted] = index.try_emplace(path, out.size());
    if (inserted) {
      Package p;
      p.ecosystem = Ecosystem::kGolang;
      p.name = std::move(path);
      p.origin = PackageOrigin::kLockfile;
      out.push_back(std::move(p));
    }
    out[it->second].version = std::string(fields[1]);
  }
  return out;
}

bool GoSumCataloger::Wants(const image::FileRecord& file) const {
  return file.IsRegular() && absl::EndsWith(file.path, "/go.sum");
}

absl::Status GoSumCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::StatusOr<std::vector<Package>> packages = ParseGoSum(input.data);
  if (!packages.ok()) return packages.status();
  for (Package& p : *packages) facts->packages.push_back(std::move(p));
  return absl::OkStatus();
}

}  // namespace moat::inventory
