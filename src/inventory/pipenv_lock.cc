#include "inventory/pipenv_lock.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/package_collector.h"
#include "inventory/python_package.h"

namespace moat::inventory {
namespace {

void AddSection(const Json& root, absl::string_view section, bool dev, PackageCollector* out) {
  const Json* packages = JsonField(root, section);
  if (packages == nullptr || !packages->is_object()) return;
  for (const auto& [name, entry] : packages->items()) {
    std::string pinned = JsonString(entry, "version");
    absl::string_view version = pinned;
    if (!absl::ConsumePrefix(&version, "==")) continue;
    absl::ConsumePrefix(&version, "=");
    if (name.empty() || !IsPlainVersion(version)) continue;
    out->Add(MakePypiPackage(name, std::string(version), PackageOrigin::kLockfile, dev));
  }
}

}  // namespace

bool PipenvLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "Pipfile.lock";
}

absl::Status PipenvLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  PackageCollector collector;
  AddSection(root, "default", false, &collector);
  AddSection(root, "develop", true, &collector);
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
