#include "vulndb/feed_secdb.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

// SecdbDistro's answer for a secdb of an apk distro Moat does not match.
constexpr absl::string_view kOtherDistro = "other";

bool IsAlpineRelease(absl::string_view text) {
  if (!absl::ConsumePrefix(&text, "v")) return false;
  std::vector<absl::string_view> parts = absl::StrSplit(text, '.');
  return parts.size() == 2 && std::all_of(parts.begin(), parts.end(), [](absl::string_view p) {
           return !p.empty() && p.size() < 5 &&
                  std::all_of(p.begin(), p.end(), [](char c) { return absl::ascii_isdigit(c); });
         });
}

// The distro key, or "" when the file names no release.
std::string SecdbDistro(const Json& doc, absl::string_view path) {
  std::string url = absl::AsciiStrToLower(JsonString(doc, "urlprefix"));
  std::string repo = JsonString(doc, "reponame");
  if (absl::StrContains(url, "wolfi.dev")) return "wolfi";
  if (absl::StrContains(url, "cgr.dev") || repo == "chainguard") return "chainguard";
  std::string version = JsonString(doc, "distroversion");
  // Another apk distro's secdb (MinimOS on packages.mini.dev, ...).
  if (!url.empty() && version.empty() && !absl::StrContains(url, "alpinelinux.org")) {
    return std::string(kOtherDistro);
  }
  if (version == "edge") return "alpine:edge";
  if (IsAlpineRelease(version)) return absl::StrCat("alpine:", version.substr(1));
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (IsAlpineRelease(part)) return absl::StrCat("alpine:", part.substr(1));
  }
  return "";
}

// "CVE-2019-1234", "XSA-214", "GHSA-h5c8-rqwp-cp95", "TALOS-2017-0499": an uppercase prefix,
// then dash-separated alphanumeric parts, at least one with a digit.
bool IsSecfixId(absl::string_view token) {
  if (!IsFeedId(token) || token.empty() || !absl::ascii_isupper(token[0])) return false;
  std::vector<absl::string_view> parts = absl::StrSplit(token, '-');
  if (parts.size() < 2) return false;
  bool digit = false;
  for (absl::string_view p : parts) {
    if (p.empty()) return false;
    for (char c : p) {
      if (!absl::ascii_isalnum(c)) return false;
      digit = digit || absl::ascii_isdigit(c);
    }
  }
  return digit;
}

// "CVE-2017-17434-1" (a second fix of one CVE) → "CVE-2017-17434".
std::string TrimCveSuffix(absl::string_view id) {
  std::vector<absl::string_view> parts = absl::StrSplit(id, '-');
  if (parts.size() == 4 && parts[0] == "CVE") return absl::StrCat("CVE-", parts[1], "-", parts[2]);
  return std::string(id);
}

// Builds the advisories of one file, one per id, in first-seen order.
class SecdbFile {
 public:
  SecdbFile(std::string source, std::string distro)
      : source_(std::move(source)), distro_(std::move(distro)) {}

  // Adds the fix of `package` at `version` for the ids in `entry`; false when it names none.
  bool Add(absl::string_view package, absl::string_view version, absl::string_view entry) {
    std::vector<std::string> ids;
    for (absl::string_view token : absl::StrSplit(entry, ' ', absl::SkipWhitespace())) {
      if (IsSecfixId(token)) AddUnique(ids, TrimCveSuffix(token));
    }
    if (ids.empty()) return false;
    Advisory& advisory = AdvisoryFor(ids[0]);
    for (size_t i = 1; i < ids.size(); ++i) AddUnique(advisory.aliases, ids[i]);
    AddFix(Entry(advisory, package), version);
    return true;
  }

  std::vector<Advisory> Take() { return std::move(advisories_); }

 private:
  Advisory& AdvisoryFor(const std::string& id) {
    auto [it, inserted] = index_.try_emplace(id, advisories_.size());
    if (inserted) {
      advisories_.emplace_back();
      advisories_.back().id = id;
      advisories_.back().source = source_;
    }
    return advisories_[it->second];
  }

  AffectedPackage& Entry(Advisory& advisory, absl::string_view package) {
    for (AffectedPackage& a : advisory.affected) {
      if (a.package == package) return a;
    }
    AffectedPackage& a = advisory.affected.emplace_back();
    a.ecosystem = "apk";
    a.distro = distro_;
    a.package = std::string(package);
    a.state = FixState::kNotAffected;
    return a;
  }

  // A package fixed at two versions is affected below either (the later fix completes the
  // earlier one); a real fix outranks "0" (not affected).
  static void AddFix(AffectedPackage& a, absl::string_view version) {
    if (version == "0") return;
    a.state = FixState::kFixed;
    for (const VersionRange& r : a.ranges) {
      if (r.events.back().version == version) return;
    }
    a.ranges.push_back(
        {VersionRange::Type::kEcosystem,
         {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, std::string(version)}}});
  }

  std::string source_;
  std::string distro_;
  std::vector<Advisory> advisories_;
  absl::flat_hash_map<std::string, size_t> index_;
};

void ParsePackage(const Json& pkg, SecdbFile& file, FeedOutput* out, absl::string_view source) {
  std::string name = JsonString(pkg, "name");
  if (!IsFeedToken(name, kMaxFeedNameBytes)) {
    return out->Malformed(source, "secdb package without a valid name");
  }
  const Json* secfixes = JsonField(pkg, "secfixes");
  if (secfixes == nullptr || secfixes->is_null()) return;
  if (!secfixes->is_object())
    return out->Malformed(source, absl::StrCat(name, ": secfixes is not a map"));
  for (const auto& [version, ids] : secfixes->items()) {
    if (ids.is_null()) continue;  // "7.4.0-r0:" with no ids (alpine-secdb v3.6 heimdal)
    if (!IsFeedToken(version, kMaxFeedVersionBytes) || !ids.is_array()) {
      return out->Malformed(source, absl::StrCat(name, ": secfixes ", CutText(version, 64),
                                                 ": not a version with a list of ids"));
    }
    for (const Json& entry : ids) {
      if (!entry.is_string() || !file.Add(name, version, entry.get_ref<const std::string&>())) {
        out->Skipped(source);
      }
    }
  }
}

}  // namespace

bool LooksLikeSecdb(const Json& doc) {
  if (!doc.is_object()) return false;
  if (JsonField(doc, "name") != nullptr && JsonField(doc, "secfixes") != nullptr) return true;
  const Json* packages = JsonField(doc, "packages");
  return packages != nullptr && packages->is_array() &&
         (JsonField(doc, "reponame") != nullptr || JsonField(doc, "distroversion") != nullptr ||
          JsonField(doc, "urlprefix") != nullptr || JsonField(doc, "apkurl") != nullptr);
}

void ParseSecdb(const Json& doc, absl::string_view path, FeedOutput* out) {
  std::string distro = SecdbDistro(doc, path);
  if (distro == kOtherDistro) return out->Skipped("secdb");
  std::string source = distro.empty() ? "alpine" : distro.substr(0, distro.find(':'));
  if (distro.empty()) return out->Malformed(source, "secdb names no Alpine release");
  SecdbFile file(source, distro);
  const Json* packages = JsonField(doc, "packages");
  if (packages == nullptr) {
    ParsePackage(doc, file, out, source);
  } else {
    for (const Json& entry : *packages) {
      const Json* pkg = JsonField(entry, "pkg");
      if (pkg == nullptr || !pkg->is_object()) {
        out->Malformed(source, "secdb packages entry without a pkg map");
        continue;
      }
      ParsePackage(*pkg, file, out, source);
    }
  }
  for (Advisory& advisory : file.Take()) out->Fragment(std::move(advisory));
}

}  // namespace moat::vulndb
