// The ecosystem → version scheme table and the helpers the schemes share.
#include "vulndb/version_scheme.h"

#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "vulndb/version_apk.h"
#include "vulndb/version_composer.h"
#include "vulndb/version_dpkg.h"
#include "vulndb/version_gem.h"
#include "vulndb/version_golang.h"
#include "vulndb/version_maven.h"
#include "vulndb/version_npm.h"
#include "vulndb/version_nuget.h"
#include "vulndb/version_pep440.h"
#include "vulndb/version_rpm.h"
#include "vulndb/version_semver.h"

namespace moat::vulndb {
namespace {

struct SchemeEntry {
  absl::string_view ecosystem;  // package-URL type
  const VersionScheme& (*scheme)();
};

constexpr SchemeEntry kSchemes[] = {
    {"deb", DpkgScheme},          {"apk", ApkScheme},     {"rpm", RpmScheme},
    {"npm", NpmScheme},           {"pypi", Pep440Scheme}, {"maven", MavenScheme},
    {"golang", GoScheme},         {"gem", GemScheme},     {"nuget", NuGetScheme},
    {"composer", ComposerScheme}, {"cargo", CargoScheme}, {"semver", SemverScheme},
};

absl::string_view StripLeadingZeros(absl::string_view digits) {
  size_t i = 0;
  while (i < digits.size() && digits[i] == '0') ++i;
  return digits.substr(i);
}

}  // namespace

const VersionScheme* VersionSchemeFor(absl::string_view ecosystem) {
  for (const SchemeEntry& entry : kSchemes) {
    if (entry.ecosystem == ecosystem) return &entry.scheme();
  }
  return nullptr;
}

int CompareDigitRuns(absl::string_view a, absl::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  if (a.empty()) return 0;
  int c = std::memcmp(a.data(), b.data(), a.size());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::string IncrementDigitRun(absl::string_view digits) {
  std::string s(StripLeadingZeros(digits));
  int i = static_cast<int>(s.size()) - 1;
  while (i >= 0 && s[i] == '9') s[i--] = '0';
  if (i < 0) return "1" + s;
  ++s[i];
  return s;
}

absl::Status InvalidVersion(absl::string_view scheme, absl::string_view version,
                            absl::string_view why) {
  constexpr size_t kMaxShown = 100;
  std::string shown = absl::CHexEscape(version.substr(0, kMaxShown));
  if (version.size() > kMaxShown) absl::StrAppend(&shown, "...");
  return absl::InvalidArgumentError(
      absl::StrCat("invalid ", scheme, " version \"", shown, "\": ", why));
}

}  // namespace moat::vulndb
