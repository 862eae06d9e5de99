#include "inventory/license_names.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {
namespace {

constexpr std::array<std::pair<absl::string_view, absl::string_view>, 22> kNames = {{
    {"EXPAT", "MIT"},
    {"MIT", "MIT"},
    {"ZLIB", "Zlib"},
    {"ISC", "ISC"},
    {"BSD", "BSD-3-Clause"},
    {"BSD-2-CLAUSE", "BSD-2-Clause"},
    {"BSD-3-CLAUSE", "BSD-3-Clause"},
    {"BSD-4-CLAUSE", "BSD-4-Clause"},
    {"APACHE-2", "Apache-2.0"},
    {"APACHE-2.0", "Apache-2.0"},
    {"APACHE 2.0", "Apache-2.0"},
    {"APACHE2", "Apache-2.0"},
    {"MPL-1.1", "MPL-1.1"},
    {"MPL-2.0", "MPL-2.0"},
    {"MPL 2.0", "MPL-2.0"},
    {"MPL2", "MPL-2.0"},
    {"CC0-1.0", "CC0-1.0"},
    {"PSF-2", "PSF-2.0"},
    {"ARTISTIC-2.0", "Artistic-2.0"},
    {"OPENSSL", "OpenSSL"},
    {"PUBLIC-DOMAIN", "public-domain"},
    {"X11", "X11"},
}};

// The GNU licences: "GPL-2", "GPL 2", "GPLv2+", "GPL2", "LGPL-2.1+", "GFDL-1.3" ...
bool NormalizeGnu(absl::string_view upper, std::string* out) {
  static constexpr std::array<absl::string_view, 4> kPrefixes = {"AGPL", "LGPL", "GFDL", "GPL"};
  for (absl::string_view prefix : kPrefixes) {
    if (!absl::StartsWith(upper, prefix)) continue;
    absl::string_view rest = upper.substr(prefix.size());
    if (!rest.empty() && (rest.front() == '-' || rest.front() == ' ')) rest.remove_prefix(1);
    if (!rest.empty() && rest.front() == 'V') rest.remove_prefix(1);
    bool later = !rest.empty() && rest.back() == '+';
    if (later) rest.remove_suffix(1);
    if (rest.empty() || !absl::ascii_isdigit(rest.front())) return false;
    size_t dots = 0;
    for (char c : rest) {
      if (c == '.') ++dots;
      if (!(absl::ascii_isdigit(c) || c == '.') || dots > 1) return false;
    }
    if (rest.back() == '.') return false;
    std::string version(rest);
    if (dots == 0) absl::StrAppend(&version, ".0");
    *out = absl::StrCat(prefix, "-", version, later ? "-or-later" : "-only");
    return true;
  }
  return false;
}

// Drops "The " and " License" around a name ("The MIT License" -> "MIT").
absl::string_view StripLicenseWords(absl::string_view name) {
  if (absl::StartsWithIgnoreCase(name, "the ")) name.remove_prefix(4);
  if (absl::EndsWithIgnoreCase(name, " license")) name.remove_suffix(8);
  return TrimBlank(name);
}

// Position and length of the next separator in `lower` at or after `from`.
std::pair<size_t, size_t> NextSeparator(absl::string_view lower, size_t from) {
  static constexpr std::array<absl::string_view, 4> kSeparators = {",", "|", " or ", " and "};
  std::pair<size_t, size_t> best = {absl::string_view::npos, 0};
  for (absl::string_view sep : kSeparators) {
    size_t at = lower.find(sep, from);
    if (at < best.first) best = {at, sep.size()};
  }
  return best;
}

}  // namespace

std::string NormalizeLicenseName(absl::string_view name) {
  name = StripLicenseWords(TrimBlank(name));
  std::string upper = absl::AsciiStrToUpper(name);
  for (const auto& [known, spdx] : kNames) {
    if (upper == known) return std::string(spdx);
  }
  std::string gnu;
  if (NormalizeGnu(upper, &gnu)) return gnu;
  return std::string(name);
}

std::vector<std::string> SplitLicenseList(absl::string_view value) {
  value = TrimBlank(value);
  if (!value.empty() && value.front() == '(') {
    value.remove_prefix(1);
    if (size_t close = value.find(')'); close != absl::string_view::npos) {
      value = value.substr(0, close);
    }
  } else if (size_t open = value.find('('); open != absl::string_view::npos) {
    value = value.substr(0, open);
  }
  std::string lower = absl::AsciiStrToLower(value);
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    auto [at, length] = NextSeparator(lower, start);
    size_t end = at == absl::string_view::npos ? value.size() : at;
    std::string name = NormalizeLicenseName(value.substr(start, end - start));
    if (!name.empty()) out.push_back(std::move(name));
    if (at == absl::string_view::npos) break;
    start = at + length;
  }
  return out;
}

}  // namespace moat::inventory
