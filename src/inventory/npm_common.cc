#include "inventory/npm_common.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace moat::inventory {
namespace {

constexpr size_t kMaxNpmNameLength = 214;

bool IsNameByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7f) return false;
  return absl::string_view("\"<>\\{}|^`'").find(c) == absl::string_view::npos;
}

void AddLicenseValue(const Json& value, std::vector<std::string>* out) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_object()) {
    text = JsonString(value, "type");
  }
  text = std::string(absl::StripAsciiWhitespace(text));
  if (!text.empty()) out->push_back(std::move(text));
}

void AddLicenseField(const Json* field, std::vector<std::string>* out) {
  if (field == nullptr) return;
  if (field->is_array()) {
    for (const Json& item : *field) AddLicenseValue(item, out);
  } else {
    AddLicenseValue(*field, out);
  }
}

}  // namespace

bool IsValidNpmName(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNpmNameLength || name[0] == '.') return false;
  for (char c : name) {
    if (!IsNameByte(c)) return false;
  }
  size_t slash = name.find('/');
  if (name[0] != '@') return slash == absl::string_view::npos;
  if (slash == absl::string_view::npos || slash == 1 || slash + 1 == name.size()) return false;
  return name.find('/', slash + 1) == absl::string_view::npos;
}

bool SplitNpmSpec(absl::string_view text, absl::string_view* name, absl::string_view* spec) {
  size_t at = text.find('@', text.empty() || text[0] != '@' ? 0 : 1);
  if (at == absl::string_view::npos || at == 0) return false;
  *name = text.substr(0, at);
  *spec = text.substr(at + 1);
  return true;
}

absl::string_view NpmSpecProtocol(absl::string_view spec) {
  for (size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (c == ':') return spec.substr(0, i);
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c)) && c != '+' && c != '-') return "";
  }
  return "";
}

std::vector<std::string> NpmLicenses(const Json& object) {
  std::vector<std::string> out;
  AddLicenseField(JsonField(object, "license"), &out);
  if (out.empty()) AddLicenseField(JsonField(object, "licenses"), &out);
  return out;
}

Package MakeNpmPackage(std::string name, std::string version, PackageOrigin origin) {
  Package package;
  package.ecosystem = Ecosystem::kNpm;
  package.name = std::move(name);
  package.version = std::move(version);
  package.origin = origin;
  return package;
}

}  // namespace moat::inventory
