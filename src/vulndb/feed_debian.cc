#include "vulndb/feed_debian.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/feed_debian_release.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kSource = "debian";

FixState OpenState(const Json& release) {
  if (JsonString(release, "urgency") == "end-of-life") return FixState::kEndOfLife;
  if (JsonString(release, "nodsa_reason") == "ignored") return FixState::kWillNotFix;
  return FixState::kUnfixed;
}

// The entry for one release, or nullopt-like empty package when the release is unknown.
absl::StatusOr<AffectedPackage> ParseRelease(const std::string& codename, const Json& release) {
  AffectedPackage out;
  out.distro = DebianDistro(codename);
  if (out.distro.empty()) return out;
  if (!release.is_object()) return absl::InvalidArgumentError(codename + " is not an object");
  std::string status = JsonString(release, "status");
  std::string urgency = JsonString(release, "urgency");
  if (urgency != "end-of-life") out.vendor_severity = NormalizeSeverity(urgency);
  if (status == "resolved") {
    std::string fixed = JsonString(release, "fixed_version");
    if (!IsFeedToken(fixed, kMaxFeedVersionBytes)) {
      return absl::InvalidArgumentError(codename + ": resolved without a valid fixed_version");
    }
    if (fixed == "0") {
      out.state = FixState::kNotAffected;
      return out;
    }
    out.state = FixState::kFixed;
    out.ranges.push_back(
        {VersionRange::Type::kEcosystem,
         {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, fixed}}});
    return out;
  }
  if (status == "open" || status == "undetermined") {
    out.state = OpenState(release);
    out.ranges.push_back({VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kIntroduced, "0"}}});
    return out;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(codename, ": unknown status \"", CutText(status, 64), "\""));
}

// The affected entries of one (package, CVE); an error names what is wrong.
absl::StatusOr<std::vector<AffectedPackage>> ParseEntry(const std::string& package,
                                                        const Json& entry) {
  std::vector<AffectedPackage> out;
  if (!entry.is_object()) return absl::InvalidArgumentError("not an object");
  const Json* releases = JsonField(entry, "releases");
  if (releases == nullptr || (releases->is_array() && releases->empty())) return out;
  if (!releases->is_object()) return absl::InvalidArgumentError("releases is not an object");
  for (const auto& [codename, release] : releases->items()) {
    MOAT_ASSIGN_OR_RETURN(AffectedPackage affected, ParseRelease(codename, release));
    if (affected.distro.empty()) continue;
    affected.ecosystem = "deb";
    affected.package = package;
    out.push_back(std::move(affected));
  }
  return out;
}

}  // namespace

bool LooksLikeDebianTracker(const Json& doc) {
  if (!doc.is_object() || doc.empty()) return false;
  const Json& cves = doc.begin().value();
  if (!cves.is_object() || cves.empty()) return false;
  return JsonField(cves.begin().value(), "releases") != nullptr;
}

void ParseDebianTracker(const Json& doc, FeedOutput* out) {
  std::vector<Advisory> advisories;
  absl::flat_hash_map<std::string, size_t> index;
  for (const auto& [package, cves] : doc.items()) {
    if (!IsFeedToken(package, kMaxFeedNameBytes) || !cves.is_object()) {
      out->Malformed(kSource, absl::StrCat(CutText(package, 64), ": not a package of CVEs"));
      continue;
    }
    for (const auto& [id, entry] : cves.items()) {
      if (!IsFeedId(id)) {
        out->Malformed(kSource, absl::StrCat(package, ": invalid id"));
        continue;
      }
      auto affected = ParseEntry(package, entry);
      if (!affected.ok()) {
        out->Malformed(kSource, absl::StrCat(id, " ", package, ": ", affected.status().message()));
        continue;
      }
      if (affected->empty()) continue;
      auto [it, inserted] = index.try_emplace(id, advisories.size());
      if (inserted) {
        Advisory& a = advisories.emplace_back();
        a.id = id;
        a.source = std::string(kSource);
        a.details = CutText(JsonString(entry, "description"), kMaxDetailsBytes);
      }
      auto& list = advisories[it->second].affected;
      for (AffectedPackage& a : *affected) list.push_back(std::move(a));
    }
  }
  for (Advisory& a : advisories) out->Fragment(std::move(a));
}

}  // namespace moat::vulndb
