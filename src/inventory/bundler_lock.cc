#include "inventory/bundler_lock.h"

#include <array>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/path.h"
#include "inventory/app_text.h"
#include "inventory/package_collector.h"

namespace moat::inventory {
namespace {

constexpr std::array<absl::string_view, 4> kKnownSections = {"GEM", "GIT", "PATH", "DEPENDENCIES"};

// "rails (7.0.4)" or "nokogiri (1.13.10-x86_64-linux)" -> name, version without the platform
// (RubyGems versions never contain '-').
bool ParseSpec(absl::string_view line, std::string* name, std::string* version) {
  size_t open = line.find(" (");
  if (open == absl::string_view::npos || !absl::EndsWith(line, ")")) return false;
  *name = std::string(line.substr(0, open));
  absl::string_view v = line.substr(open + 2, line.size() - open - 3);
  *version = std::string(v.substr(0, v.find('-')));
  return !name->empty() && IsPlainVersion(*version);
}

}  // namespace

bool BundlerLockCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view base = PathBasename(file.path);
  return base == "Gemfile.lock" || base == "gems.locked";
}

absl::Status BundlerLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  PackageCollector collector;
  absl::string_view section;
  bool in_specs = false;
  bool known = false;
  for (absl::string_view line : SplitTextLines(StripUtf8Bom(input.data))) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) continue;
    int indent = LeadingSpaces(line);
    if (indent == 0) {
      section = line;
      in_specs = false;
      for (absl::string_view name : kKnownSections) known = known || section == name;
      continue;
    }
    if (section != "GEM") continue;
    if (indent == 2) in_specs = line.substr(2) == "specs:";
    std::string name, version;
    if (indent != 4 || !in_specs || !ParseSpec(line.substr(4), &name, &version)) continue;
    Package package;
    package.ecosystem = Ecosystem::kGem;
    package.name = std::move(name);
    package.version = std::move(version);
    package.origin = PackageOrigin::kLockfile;
    collector.Add(std::move(package));
  }
  if (!known) {
    return absl::InvalidArgumentError(
        FileMessage(input.file.path, "no GEM, GIT, PATH or DEPENDENCIES section"));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
