#include "inventory/python_metadata.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/path.h"
#include "inventory/app_text.h"

namespace moat::inventory {
namespace {

// Longer License values are licence texts, not names.
constexpr size_t kMaxLicenseName = 100;

struct Headers {
  std::string name;
  std::string version;
  std::string license_expression;
  std::string license;
  bool license_multiline = false;
  std::vector<std::string> classifier_licenses;
};

// "License :: OSI Approved :: MIT License" -> "MIT License"; the bare "License :: OSI
// Approved" names no licence.
void AddClassifier(absl::string_view value, Headers* out) {
  if (!absl::StartsWith(value, "License ::")) return;
  absl::string_view last = value.substr(value.rfind("::") + 2);
  last = absl::StripAsciiWhitespace(last);
  if (last.empty() || last == "OSI Approved") return;
  out->classifier_licenses.emplace_back(last);
}

// The first occurrence wins, so body text that looks like a header cannot override one.
void SetOnce(absl::string_view value, std::string* field) {
  if (field->empty()) *field = std::string(value);
}

void SetHeader(absl::string_view key, absl::string_view value, Headers* out) {
  if (absl::EqualsIgnoreCase(key, "Name")) {
    SetOnce(value, &out->name);
  } else if (absl::EqualsIgnoreCase(key, "Version")) {
    SetOnce(value, &out->version);
  } else if (absl::EqualsIgnoreCase(key, "License-Expression")) {
    SetOnce(value, &out->license_expression);
  } else if (absl::EqualsIgnoreCase(key, "License")) {
    SetOnce(value, &out->license);
  } else if (absl::EqualsIgnoreCase(key, "Classifier")) {
    AddClassifier(value, out);
  }
}

bool IsHeaderName(absl::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// Headers end at the first blank line, except inside an indented "Description:" header (old
// PKG-INFO files), where blank lines separate paragraphs and more headers follow.
Headers ReadHeaders(absl::string_view text) {
  Headers headers;
  std::string last_key;
  bool after_blank = false;
  for (absl::string_view line : SplitTextLines(StripUtf8Bom(text))) {
    if (absl::StripAsciiWhitespace(line).empty()) {
      if (!absl::EqualsIgnoreCase(last_key, "Description")) break;  // the body starts
      after_blank = true;
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      // A continuation: only matters for License, where it marks a licence text.
      if (absl::EqualsIgnoreCase(last_key, "License")) headers.license_multiline = true;
      continue;
    }
    size_t colon = line.find(':');
    absl::string_view key = line.substr(0, colon == absl::string_view::npos ? 0 : colon);
    if (!IsHeaderName(key)) {
      if (after_blank) break;  // body text after the description
      continue;
    }
    after_blank = false;
    last_key = std::string(key);
    SetHeader(key, absl::StripAsciiWhitespace(line.substr(colon + 1)), &headers);
  }
  return headers;
}

std::vector<std::string> Licenses(Headers& headers) {
  if (!headers.license_expression.empty()) return {headers.license_expression};
  if (!headers.license.empty() && !headers.license_multiline &&
      headers.license.size() <= kMaxLicenseName &&
      !absl::EqualsIgnoreCase(headers.license, "UNKNOWN")) {
    return {headers.license};
  }
  return std::move(headers.classifier_licenses);
}

}  // namespace

bool PythonMetadataCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view path = file.path;
  return absl::EndsWith(path, ".dist-info/METADATA") ||
         absl::EndsWith(path, ".egg-info/PKG-INFO") || absl::EndsWith(path, "/EGG-INFO/PKG-INFO") ||
         absl::EndsWith(path, ".egg-info");
}

absl::Status PythonMetadataCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  Headers headers = ReadHeaders(input.data);
  if (headers.name.empty()) {
    return absl::InvalidArgumentError(FileMessage(path, "no Name header"));
  }
  if (headers.version.empty()) {
    return absl::InvalidArgumentError(FileMessage(path, "no Version header"));
  }
  Package package;
  package.ecosystem = Ecosystem::kPypi;
  package.name = std::move(headers.name);
  package.version = std::move(headers.version);
  package.licenses = Licenses(headers);
  package.origin = PackageOrigin::kInstalled;
  facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
