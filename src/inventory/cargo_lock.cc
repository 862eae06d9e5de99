#include "inventory/cargo_lock.h"

#include <toml++/toml.h>

#include <exception>
#include <optional>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::inventory {
namespace {

// toml++ as Debian builds it throws toml::parse_error; nothing escapes this function.
absl::StatusOr<toml::table> ParseToml(absl::string_view text) {
  try {
    return toml::parse(std::string_view(text.data(), text.size()));
  } catch (const toml::parse_error& e) {
    const toml::source_position& at = e.source().begin;
    return absl::InvalidArgumentError(
        absl::StrCat("line ", at.line, ", column ", at.column, ": ", std::string(e.description())));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("invalid TOML: ", e.what()));
  }
}

std::optional<std::string> StringField(const toml::table& table, std::string_view key) {
  std::optional<std::string_view> value = table[key].value<std::string_view>();
  if (!value || value->empty()) return std::nullopt;
  return std::string(*value);
}

}  // namespace

absl::StatusOr<CargoLock> ParseCargoLock(absl::string_view text) {
  absl::StatusOr<toml::table> root = ParseToml(text);
  if (!root.ok()) return root.status();
  CargoLock lock;
  const toml::node* packages = root->get("package");
  if (packages == nullptr) return lock;
  const toml::array* entries = packages->as_array();
  if (entries == nullptr || !entries->is_array_of_tables()) {
    return absl::InvalidArgumentError("\"package\" is not an array of tables");
  }
  int index = 0;
  for (const toml::node& node : *entries) {
    ++index;
    const toml::table& entry = *node.as_table();
    std::optional<std::string> name = StringField(entry, "name");
    std::optional<std::string> version = StringField(entry, "version");
    if (!name || !version) {
      lock.problems.push_back(
          absl::StrCat("package ", index, " has no ", name ? "version" : "name", "; skipped"));
      continue;
    }
    Package p;
    p.ecosystem = Ecosystem::kCargo;
    p.name = std::move(*name);
    p.version = std::move(*version);
    p.origin = PackageOrigin::kLockfile;
    lock.packages.push_back(std::move(p));
  }
  return lock;
}

bool CargoLockCataloger::Wants(const image::FileRecord& file) const {
  return file.IsRegular() && absl::EndsWith(file.path, "/Cargo.lock");
}

absl::Status CargoLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::StatusOr<CargoLock> lock = ParseCargoLock(input.data);
  if (!lock.ok()) return lock.status();
  for (Package& p : lock->packages) facts->packages.push_back(std::move(p));
  for (const std::string& problem : lock->problems) {
    facts->warnings.push_back(absl::StrCat(input.file.path, ": cargo-lock: ", problem));
  }
  return absl::OkStatus();
}

}  // namespace moat::inventory
