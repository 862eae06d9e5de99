#include "inventory/os_release.h"

#include <array>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {
namespace {

using Assignments = absl::flat_hash_map<std::string, std::string>;

// A value as os-release(5) writes it: "double quoted" with \" \\ \$ \` escapes, 'single quoted'
// verbatim, or bare with backslash escapes. An unterminated quote runs to the end of the line.
std::string Unquote(absl::string_view raw) {
  raw = TrimBlank(raw);
  std::string out;
  if (!raw.empty() && raw.front() == '\'') {
    raw.remove_prefix(1);
    size_t end = raw.find('\'');
    return std::string(raw.substr(0, end));
  }
  bool quoted = !raw.empty() && raw.front() == '"';
  if (quoted) raw.remove_prefix(1);
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (quoted && c == '"') break;
    if (c == '\\' && i + 1 < raw.size()) {
      char next = raw[i + 1];
      bool escapable = !quoted || next == '"' || next == '\\' || next == '$' || next == '`';
      if (escapable) {
        out.push_back(next);
        ++i;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

// KEY=value lines; comments, blank lines and lines without '=' are ignored. First key wins.
Assignments ParseAssignments(absl::string_view text) {
  Assignments values;
  LineReader lines(text);
  absl::string_view line;
  while (lines.Next(&line)) {
    line = TrimBlank(line);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos || eq == 0) continue;
    values.try_emplace(std::string(TrimBlank(line.substr(0, eq))), Unquote(line.substr(eq + 1)));
  }
  return values;
}

std::string Lookup(const Assignments& values, absl::string_view key) {
  auto it = values.find(key);
  return it == values.end() ? std::string() : it->second;
}

absl::string_view FirstNonBlankLine(absl::string_view text) {
  LineReader lines(text);
  absl::string_view line;
  while (lines.Next(&line)) {
    line = TrimBlank(line);
    if (!line.empty()) return line;
  }
  return absl::string_view();
}

// Distribution names of "<name> release <version>" lines, matched as lowercase substrings in
// this order ("Red Hat Enterprise Linux CoreOS" is rhel; Oracle's redhat-release says "Red Hat").
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 8> kReleaseNames = {{
    {"centos", "centos"},
    {"rocky", "rocky"},
    {"alma", "alma"},
    {"fedora", "fedora"},
    {"oracle", "oracle"},
    {"amazon linux", "amazon"},
    {"red hat", "rhel"},
    {"scientific linux", "scientific"},
}};

using FileParser = absl::StatusOr<OsInfo> (*)(absl::string_view);

constexpr std::array<std::pair<absl::string_view, FileParser>, 12> kReleaseFiles = {{
    {"/etc/os-release", ParseOsRelease},
    {"/usr/lib/os-release", ParseOsRelease},
    {"/etc/debian_version", ParseDebianVersion},
    {"/etc/lsb-release", ParseLsbRelease},
    {"/etc/alpine-release", ParseAlpineRelease},
    {"/etc/redhat-release", ParseReleaseLine},
    {"/etc/centos-release", ParseReleaseLine},
    {"/etc/rocky-release", ParseReleaseLine},
    {"/etc/almalinux-release", ParseReleaseLine},
    {"/etc/fedora-release", ParseReleaseLine},
    {"/etc/system-release", ParseReleaseLine},
    {"/etc/SuSE-release", ParseSuseRelease},
}};

FileParser ParserFor(absl::string_view path) {
  for (const auto& [known, parser] : kReleaseFiles) {
    if (known == path) return parser;
  }
  return nullptr;
}

}  // namespace

std::string OsFamilyFromId(absl::string_view id) {
  static constexpr std::array<std::pair<absl::string_view, absl::string_view>, 6> kAliases = {{
      {"almalinux", "alma"},
      {"amzn", "amazon"},
      {"opensuse", "opensuse-leap"},
      {"sles_sap", "sles"},
      {"ol", "oracle"},
      {"mariner", "cbl-mariner"},
  }};
  std::string lower = absl::AsciiStrToLower(id);
  for (const auto& [alias, family] : kAliases) {
    if (lower == alias) return std::string(family);
  }
  return lower;
}

absl::StatusOr<OsInfo> ParseOsRelease(absl::string_view text) {
  Assignments values = ParseAssignments(text);
  std::string id = Lookup(values, "ID");
  if (id.empty()) return absl::InvalidArgumentError("no ID field");
  OsInfo os;
  os.family = OsFamilyFromId(id);
  os.version = Lookup(values, "VERSION_ID");
  os.name = Lookup(values, "PRETTY_NAME");
  if (os.name.empty()) {
    os.name = std::string(
        TrimBlank(absl::StrCat(Lookup(values, "NAME"), " ", Lookup(values, "VERSION"))));
  }
  os.codename = Lookup(values, "VERSION_CODENAME");
  if (os.codename.empty()) os.codename = Lookup(values, "UBUNTU_CODENAME");
  return os;
}

absl::StatusOr<OsInfo> ParseDebianVersion(absl::string_view text) {
  absl::string_view line = FirstNonBlankLine(text);
  if (line.empty()) return absl::InvalidArgumentError("empty file");
  OsInfo os;
  os.family = "debian";
  os.version = std::string(line);
  return os;
}

absl::StatusOr<OsInfo> ParseLsbRelease(absl::string_view text) {
  Assignments values = ParseAssignments(text);
  std::string id = Lookup(values, "DISTRIB_ID");
  if (id.empty()) return absl::InvalidArgumentError("no DISTRIB_ID field");
  OsInfo os;
  os.family = OsFamilyFromId(id);
  os.version = Lookup(values, "DISTRIB_RELEASE");
  os.codename = Lookup(values, "DISTRIB_CODENAME");
  os.name = Lookup(values, "DISTRIB_DESCRIPTION");
  return os;
}

absl::StatusOr<OsInfo> ParseAlpineRelease(absl::string_view text) {
  absl::string_view line = FirstNonBlankLine(text);
  if (line.empty()) return absl::InvalidArgumentError("empty file");
  OsInfo os;
  os.family = "alpine";
  os.version = std::string(line);
  return os;
}

absl::StatusOr<OsInfo> ParseReleaseLine(absl::string_view text) {
  absl::string_view line = FirstNonBlankLine(text);
  std::string lower = absl::AsciiStrToLower(line);
  size_t at = lower.find(" release ");
  absl::string_view rest = at == std::string::npos ? "" : line.substr(at + 9);
  size_t digits = 0;
  while (digits < rest.size() && (absl::ascii_isdigit(rest[digits]) || rest[digits] == '.')) {
    ++digits;
  }
  if (digits == 0 || !absl::ascii_isdigit(rest[0])) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected \"<name> release <version>\", got \"", line.substr(0, 80), "\""));
  }
  OsInfo os;
  for (const auto& [needle, family] : kReleaseNames) {
    if (absl::StrContains(lower.substr(0, at), needle)) {
      os.family = std::string(family);
      break;
    }
  }
  if (os.family.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown distribution \"", line.substr(0, at), "\""));
  }
  os.name = std::string(line);
  os.version = std::string(rest.substr(0, digits));
  size_t open = rest.find('('), close = rest.rfind(')');
  if (open != absl::string_view::npos && close != absl::string_view::npos && close > open) {
    os.codename = std::string(TrimBlank(rest.substr(open + 1, close - open - 1)));
  }
  return os;
}

absl::StatusOr<OsInfo> ParseSuseRelease(absl::string_view text) {
  absl::string_view first = FirstNonBlankLine(text);
  std::string lower = absl::AsciiStrToLower(first);
  OsInfo os;
  if (absl::StrContains(lower, "tumbleweed")) {
    os.family = "opensuse-tumbleweed";
  } else if (absl::StrContains(lower, "opensuse")) {
    os.family = "opensuse-leap";
  } else if (absl::StrContains(lower, "suse linux enterprise")) {
    os.family = "sles";
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown distribution \"", first.substr(0, 80), "\""));
  }
  Assignments values = ParseAssignments(text);
  os.name = std::string(first);
  os.version = Lookup(values, "VERSION");
  std::string patch = Lookup(values, "PATCHLEVEL");
  if (!os.version.empty() && !patch.empty() && patch != "0")
    absl::StrAppend(&os.version, ".", patch);
  os.codename = Lookup(values, "CODENAME");
  return os;
}

bool OsReleaseCataloger::Wants(const image::FileRecord& file) const {
  return ParserFor(file.path) != nullptr;
}

absl::Status OsReleaseCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  FileParser parser = ParserFor(input.file.path);
  if (parser == nullptr) return absl::InvalidArgumentError("not an OS release file");
  absl::StatusOr<OsInfo> os = parser(input.data);
  if (!os.ok()) return os.status();
  facts->os = *std::move(os);
  return absl::OkStatus();
}

}  // namespace moat::inventory
