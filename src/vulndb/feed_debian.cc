#include "vulndb/feed_debian.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/feed_debian_release.h"
#include "vulndb/feed_json_stream.h"
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
absl::StatusOr<std::vector<AffectedPackage>> ParseAffected(const std::string& package,
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

// Skips whitespace, then expects `c`.
bool Expect(absl::string_view text, size_t& pos, char c) {
  while (pos < text.size() && absl::ascii_isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// A JSON string without escapes, at `pos`; "" when there is none.
absl::string_view PlainString(absl::string_view text, size_t& pos) {
  if (!Expect(text, pos, '"')) return "";
  size_t end = text.find_first_of("\"\\", pos);
  if (end == absl::string_view::npos || text[end] != '"') return "";
  absl::string_view s = text.substr(pos, end - pos);
  pos = end + 1;
  return s;
}

void ParseEntry(const std::string& package, const std::string& id, const Json& entry,
                FeedOutput* out) {
  if (id.empty()) {
    return out->Malformed(kSource, absl::StrCat(CutText(package, 64), ": not a package of CVEs"));
  }
  if (!IsFeedToken(package, kMaxFeedNameBytes) || !IsFeedId(id)) {
    return out->Malformed(kSource, absl::StrCat(CutText(package, 64), " ", CutText(id, 64),
                                                ": invalid package or id"));
  }
  auto affected = ParseAffected(package, entry);
  if (!affected.ok()) {
    return out->Malformed(kSource,
                          absl::StrCat(id, " ", package, ": ", affected.status().message()));
  }
  if (affected->empty()) return;
  Advisory advisory;
  advisory.id = id;
  advisory.source = std::string(kSource);
  advisory.details = CutText(JsonString(entry, "description"), kMaxDetailsBytes);
  advisory.affected = *std::move(affected);
  out->Fragment(std::move(advisory));
}

}  // namespace

bool LooksLikeDebianTracker(absl::string_view text) {
  size_t pos = 0;
  if (!Expect(text, pos, '{') || PlainString(text, pos).empty() || !Expect(text, pos, ':') ||
      !Expect(text, pos, '{')) {
    return false;
  }
  absl::string_view id = PlainString(text, pos);
  return (absl::StartsWith(id, "CVE-") || absl::StartsWith(id, "TEMP-")) &&
         Expect(text, pos, ':') && Expect(text, pos, '{');
}

void ParseDebianTracker(absl::string_view text, FeedOutput* out) {
  absl::Status status =
      StreamNestedObject(text, [out](const std::string& package, const std::string& id,
                                     Json entry) { ParseEntry(package, id, entry, out); });
  if (!status.ok()) out->Malformed(kSource, std::string(status.message()));
}

}  // namespace moat::vulndb
