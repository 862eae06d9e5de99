// DpkgFilesCataloger (owned files) and DpkgCopyrightCataloger (licences).
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/path.h"
#include "inventory/dpkg.h"
#include "inventory/license_names.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kInfoDir = "/var/lib/dpkg/info";
constexpr absl::string_view kStatusDir = "/var/lib/dpkg/status.d";
constexpr absl::string_view kDocPrefix = "/usr/share/doc/";
constexpr absl::string_view kCopyrightSuffix = "/copyright";
constexpr absl::string_view kCommonLicenses = "/usr/share/common-licenses/";

// "/usr/share/common-licenses/GPL-2'." -> "GPL-2": a name ends with a letter, digit or '+'.
absl::string_view CommonLicenseName(absl::string_view line, size_t at) {
  absl::string_view rest = line.substr(at + kCommonLicenses.size());
  size_t end = 0;
  while (end < rest.size() && (absl::ascii_isalnum(rest[end]) || rest[end] == '.' ||
                               rest[end] == '-' || rest[end] == '+' || rest[end] == '_')) {
    ++end;
  }
  while (end > 0 && !(absl::ascii_isalnum(rest[end - 1]) || rest[end - 1] == '+')) --end;
  return rest.substr(0, end);
}

void AddUnique(std::vector<std::string>* out, std::string name) {
  if (name.empty()) return;
  for (const std::string& have : *out) {
    if (have == name) return;
  }
  out->push_back(std::move(name));
}

// One "<md5>  <path>" line (md5sum's text or "*" binary form); false when malformed.
bool Md5sumsPath(absl::string_view line, absl::string_view* path) {
  size_t space = line.find(' ');
  if (space == absl::string_view::npos || space == 0) return false;
  absl::string_view rest = line.substr(space);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!rest.empty() && rest.front() == '*') rest.remove_prefix(1);
  *path = rest;
  return !rest.empty();
}

}  // namespace

std::vector<std::string> CopyrightLicenses(absl::string_view text) {
  std::vector<std::string> licenses;
  LineReader lines(text);
  absl::string_view line;
  bool first = true, machine_readable = false;
  while (lines.Next(&line)) {
    if (first && !TrimBlank(line).empty()) {
      first = false;
      machine_readable = absl::StartsWithIgnoreCase(line, "Format:");
    }
    if (absl::StartsWithIgnoreCase(line, "License:")) {
      for (std::string& name : SplitLicenseList(line.substr(8))) {
        AddUnique(&licenses, std::move(name));
      }
      continue;
    }
    // In DEP-5 files these references only point at the text of a License: paragraph's
    // licence ("GPL-3+" points at GPL-3), so they would add a wrong "-only".
    size_t at = machine_readable ? absl::string_view::npos : line.find(kCommonLicenses);
    if (at != absl::string_view::npos) {
      AddUnique(&licenses, NormalizeLicenseName(CommonLicenseName(line, at)));
    }
  }
  return licenses;
}

bool DpkgFilesCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view dir = PathDirname(file.path);
  if (dir == kInfoDir) return absl::EndsWith(file.path, ".list");
  return dir == kStatusDir && absl::EndsWith(file.path, ".md5sums");
}

absl::Status DpkgFilesCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::string_view base = PathBasename(input.file.path);
  bool md5sums = absl::EndsWith(base, ".md5sums");
  absl::string_view package = base.substr(0, base.rfind('.'));
  if (package.empty()) return absl::InvalidArgumentError("no package name in the file name");
  WarningList warnings(input.file.path);
  std::vector<std::string> paths;
  LineReader lines(input.data);
  absl::string_view line;
  std::string canonical;
  while (lines.Next(&line)) {
    absl::string_view raw = line;
    if (md5sums && !Md5sumsPath(line, &raw)) {
      if (!TrimBlank(line).empty()) {
        warnings.Add(absl::StrCat("line ", lines.line_number(), ": expected \"<md5>  <path>\""));
      }
      continue;
    }
    if (CanonicalOwnedPath(raw, &canonical)) paths.push_back(canonical);
  }
  if (!paths.empty()) facts->owned_files.emplace_back(std::string(package), std::move(paths));
  warnings.Finish(&facts->warnings);
  return absl::OkStatus();
}

bool DpkgCopyrightCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view path = file.path;
  if (!absl::ConsumePrefix(&path, kDocPrefix) || !absl::ConsumeSuffix(&path, kCopyrightSuffix)) {
    return false;
  }
  return !path.empty() && path.find('/') == absl::string_view::npos;
}

absl::Status DpkgCopyrightCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::string_view path = input.file.path;
  if (!absl::ConsumePrefix(&path, kDocPrefix) || !absl::ConsumeSuffix(&path, kCopyrightSuffix)) {
    return absl::InvalidArgumentError("not a /usr/share/doc/<package>/copyright file");
  }
  std::vector<std::string> licenses = CopyrightLicenses(input.data);
  if (!licenses.empty()) facts->licenses.emplace_back(std::string(path), std::move(licenses));
  return absl::OkStatus();
}

}  // namespace moat::inventory
