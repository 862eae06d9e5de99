// DpkgStatusCataloger and the Debian version check.
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/path.h"
#include "inventory/deb_control.h"
#include "inventory/dpkg.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kStatusPath = "/var/lib/dpkg/status";
constexpr absl::string_view kStatusDir = "/var/lib/dpkg/status.d";

bool AllOf(absl::string_view text, absl::string_view allowed_extra) {
  for (char c : text) {
    if (!absl::ascii_isalnum(c) && allowed_extra.find(c) == absl::string_view::npos) return false;
  }
  return true;
}

// Files are on disk in every state but these two.
bool OnDisk(absl::string_view status) {
  for (absl::string_view word : absl::StrSplit(status, ' ', absl::SkipEmpty())) {
    if (word == "not-installed" || word == "config-files") return false;
  }
  return true;
}

// "name" or "name (version)".
void ParseSource(absl::string_view source, Package* package) {
  size_t open = source.find('(');
  package->source_name = std::string(TrimBlank(source.substr(0, open)));
  if (open == absl::string_view::npos) return;
  absl::string_view version = source.substr(open + 1);
  version = version.substr(0, version.find(')'));
  package->source_version = std::string(TrimBlank(version));
}

std::optional<Package> PackageFromStanza(const ControlStanza& stanza, WarningList& warnings) {
  std::string name = stanza.Get("Package");
  if (name.empty()) {
    warnings.Add(absl::StrCat("stanza at line ", stanza.first_line, ": no Package field"));
    return std::nullopt;
  }
  if (!OnDisk(stanza.Get("Status"))) return std::nullopt;
  Package package;
  package.ecosystem = Ecosystem::kDeb;
  package.origin = PackageOrigin::kInstalled;
  package.version = stanza.Get("Version");
  if (package.version.empty()) {
    warnings.Add(absl::StrCat("package ", name, ": no Version field"));
    return std::nullopt;
  }
  if (!ParseDebVersion(package.version, &package.epoch)) {
    warnings.Add(absl::StrCat("package ", name, ": invalid version \"", package.version, "\""));
    return std::nullopt;
  }
  package.name = std::move(name);
  package.arch = stanza.Get("Architecture");
  ParseSource(stanza.Get("Source"), &package);
  return package;
}

}  // namespace

bool ParseDebVersion(absl::string_view version, int* epoch) {
  version = TrimBlank(version);
  *epoch = 0;
  size_t colon = version.find(':');
  if (colon != absl::string_view::npos) {
    absl::string_view digits = version.substr(0, colon);
    if (digits.empty() || !AllOf(digits, "") || digits.size() > 9 ||
        !absl::SimpleAtoi(digits, epoch)) {
      return false;
    }
    version.remove_prefix(colon + 1);
  }
  size_t dash = version.rfind('-');
  absl::string_view upstream = version.substr(0, dash);
  if (dash != absl::string_view::npos) {
    absl::string_view revision = version.substr(dash + 1);
    if (revision.empty() || !AllOf(revision, ".+~")) return false;
  }
  if (upstream.empty() || !absl::ascii_isdigit(upstream.front())) return false;
  return AllOf(upstream, ".+~-:");
}

bool DpkgStatusCataloger::Wants(const image::FileRecord& file) const {
  if (file.path == kStatusPath) return true;
  return PathDirname(file.path) == kStatusDir && !absl::EndsWith(file.path, ".md5sums");
}

absl::Status DpkgStatusCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  WarningList warnings(input.file.path);
  ControlReader reader(input.data);
  ControlStanza stanza;
  std::string error;
  int malformed = 0;
  size_t found = 0;
  while (reader.Next(&stanza, &error)) {
    if (!error.empty()) {
      ++malformed;
      warnings.Add(absl::StrCat(error, " (stanza at line ", stanza.first_line, " skipped)"));
      continue;
    }
    std::optional<Package> package = PackageFromStanza(stanza, warnings);
    if (!package) continue;
    facts->packages.push_back(*std::move(package));
    ++found;
  }
  if (found == 0 && malformed > 0) {
    return absl::InvalidArgumentError(warnings.first_problem());
  }
  warnings.Finish(&facts->warnings);
  return absl::OkStatus();
}

}  // namespace moat::inventory
