#include "inventory/java_manifest.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace moat::inventory {
namespace {

bool IsSpace(char c) { return absl::ascii_isspace(static_cast<unsigned char>(c)); }

// One word, no unexpanded build variable ("%bundle.name", "${project.version}").
bool IsPlainWord(absl::string_view value) {
  if (value.empty() || value[0] == '%' || absl::StrContains(value, "${")) return false;
  for (char c : value) {
    if (IsSpace(c) || c == '"') return false;
  }
  return true;
}

std::string FirstPlainWord(const JavaManifest& m, std::initializer_list<absl::string_view> keys) {
  for (absl::string_view key : keys) {
    std::string value = m.Get(key);
    if (IsPlainWord(value)) return value;
  }
  return "";
}

bool IsArtifactChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

}  // namespace

std::string JavaCoordinates::Name() const {
  // Without a known group, take Maven's old convention groupId == artifactId (log4j:log4j,
  // junit:junit, commons-lang:commons-lang): right for the old artifacts that lack metadata,
  // and it keeps the name a valid Maven coordinate (a purl needs a namespace).
  if (artifact.empty()) return group;
  return absl::StrCat(group.empty() ? artifact : group, ":", artifact);
}

std::string JavaManifest::Get(absl::string_view attribute) const {
  for (const auto& [key, value] : main) {
    if (absl::EqualsIgnoreCase(key, attribute)) return value;
  }
  for (const Attributes& section : per_entry) {
    for (const auto& [key, value] : section) {
      if (absl::EqualsIgnoreCase(key, attribute)) return value;
    }
  }
  return "";
}

JavaManifest ParseManifest(absl::string_view text) {
  JavaManifest m;
  JavaManifest::Attributes* section = &m.main;
  std::string* last_value = nullptr;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::ConsumeSuffix(&line, "\r");
    if (line.empty()) {
      last_value = nullptr;
      continue;
    }
    if (line[0] == ' ') {
      if (last_value != nullptr) absl::StrAppend(last_value, line.substr(1));
      continue;
    }
    size_t colon = line.find(": ");
    if (colon == absl::string_view::npos || colon == 0) {
      last_value = nullptr;
      continue;
    }
    absl::string_view key = line.substr(0, colon);
    if (absl::EqualsIgnoreCase(key, "Name")) {  // starts a per-entry section
      m.per_entry.emplace_back();
      section = &m.per_entry.back();
    }
    section->emplace_back(std::string(key), std::string(line.substr(colon + 2)));
    last_value = &section->back().second;
  }
  auto trim = [](JavaManifest::Attributes& attrs) {
    for (auto& kv : attrs) absl::StripAsciiWhitespace(&kv.second);
  };
  trim(m.main);
  for (auto& attrs : m.per_entry) trim(attrs);
  return m;
}

JavaCoordinates ParsePomProperties(absl::string_view text) {
  JavaCoordinates c;
  for (absl::string_view line : absl::StrSplit(text, absl::ByAnyChar("\r\n"))) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    size_t sep = line.find_first_of("=:");
    if (sep == absl::string_view::npos) continue;
    absl::string_view key = absl::StripAsciiWhitespace(line.substr(0, sep));
    std::string value(absl::StripAsciiWhitespace(line.substr(sep + 1)));
    if (!IsPlainWord(value)) continue;
    if (key == "groupId") c.group = value;
    if (key == "artifactId") c.artifact = value;
    if (key == "version") c.version = value;
  }
  return c;
}

JavaCoordinates ManifestCoordinates(const JavaManifest& manifest) {
  JavaCoordinates c;
  c.artifact =
      FirstPlainWord(manifest, {"Implementation-Title", "Specification-Title", "Bundle-Name"});
  c.version = FirstPlainWord(manifest,
                             {"Implementation-Version", "Bundle-Version", "Specification-Version"});
  std::string vendor_id = manifest.Get("Implementation-Vendor-Id");
  if (!c.artifact.empty() && IsPlainWord(vendor_id) &&
      manifest.Get("Bundle-SymbolicName") == absl::StrCat(vendor_id, ".", c.artifact)) {
    c.group = vendor_id;
  }
  return c;
}

JavaCoordinates CoordinatesFromFileName(absl::string_view name) {
  bool archive = false;
  for (absl::string_view ext : {".jar", ".war", ".ear", ".par", ".jpi", ".hpi"}) {
    archive = archive || absl::EndsWith(name, ext);
  }
  if (!archive) return {};
  absl::string_view stem = name.substr(0, name.size() - 4);
  for (size_t i = stem.size(); i-- > 1;) {
    if (stem[i] != '-' || i + 1 >= stem.size() ||
        !absl::ascii_isdigit(static_cast<unsigned char>(stem[i + 1]))) {
      continue;
    }
    absl::string_view artifact = stem.substr(0, i), version = stem.substr(i + 1);
    bool ok = artifact.back() != '-' && artifact.back() != '*';
    for (size_t k = 0; ok && k + 1 < artifact.size(); ++k) ok = IsArtifactChar(artifact[k]);
    for (char c : version) ok = ok && !IsSpace(c);
    if (ok) return {"", std::string(artifact), std::string(version)};
  }
  return {};
}

}  // namespace moat::inventory
