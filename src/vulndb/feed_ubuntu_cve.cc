#include "vulndb/feed_ubuntu_cve.h"

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_merge.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kSource = "ubuntu";

constexpr std::array<std::pair<absl::string_view, absl::string_view>, 29> kReleases = {{
    {"lucid", "10.04"},    {"precise", "12.04"}, {"quantal", "12.10"},  {"raring", "13.04"},
    {"saucy", "13.10"},    {"trusty", "14.04"},  {"utopic", "14.10"},   {"vivid", "15.04"},
    {"wily", "15.10"},     {"xenial", "16.04"},  {"yakkety", "16.10"},  {"zesty", "17.04"},
    {"artful", "17.10"},   {"bionic", "18.04"},  {"cosmic", "18.10"},   {"disco", "19.04"},
    {"eoan", "19.10"},     {"focal", "20.04"},   {"groovy", "20.10"},   {"hirsute", "21.04"},
    {"impish", "21.10"},   {"jammy", "22.04"},   {"kinetic", "22.10"},  {"lunar", "23.04"},
    {"mantic", "23.10"},   {"noble", "24.04"},   {"oracular", "24.10"}, {"plucky", "25.04"},
    {"questing", "25.10"},
}};

// "jammy", "trusty/esm", "esm-infra/xenial", "esm-apps/jammy" → "ubuntu:X.Y"; "" otherwise.
std::string UbuntuDistro(absl::string_view release) {
  absl::ConsumeSuffix(&release, "/esm");
  if (!absl::ConsumePrefix(&release, "esm-infra/")) absl::ConsumePrefix(&release, "esm-apps/");
  for (const auto& [name, version] : kReleases) {
    if (release == name) return absl::StrCat("ubuntu:", version);
  }
  return "";
}

// The entry for one release, or nullopt when it is dropped.
std::optional<AffectedPackage> ParseRelease(const Json& patch) {
  std::string status = JsonString(patch, "Status");
  std::string note = JsonString(patch, "Note");
  AffectedPackage out;
  VersionRange all{VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kIntroduced, "0"}}};
  if (status == "released") {
    if (!IsFeedToken(note, kMaxFeedVersionBytes)) return std::nullopt;
    out.state = FixState::kFixed;
    all.events.push_back({RangeEvent::Kind::kFixed, note});
  } else if (status == "not-affected") {
    out.state = FixState::kNotAffected;
    return out;
  } else if (status == "ignored") {
    std::string lower = absl::AsciiStrToLower(note);
    bool eol = absl::StrContains(lower, "end of life") ||
               absl::StrContains(lower, "end of standard support");
    out.state = eol ? FixState::kEndOfLife : FixState::kWillNotFix;
  } else if (status == "needed" || status == "needs-triage" || status == "pending" ||
             status == "active" || status == "deferred") {
    out.state = FixState::kUnfixed;
  } else {
    return std::nullopt;  // DNE and anything unknown
  }
  out.ranges.push_back(std::move(all));
  return out;
}

}  // namespace

bool LooksLikeUbuntuCve(const Json& doc) {
  return doc.is_object() && JsonField(doc, "Candidate") != nullptr &&
         JsonField(doc, "Patches") != nullptr;
}

void ParseUbuntuCve(const Json& doc, FeedOutput* out) {
  std::string id = JsonString(doc, "Candidate");
  if (!IsFeedId(id)) return out->Malformed(kSource, "Ubuntu CVE record without a valid Candidate");
  const Json& patches = *JsonField(doc, "Patches");
  if (!patches.is_object()) {
    return out->Malformed(kSource, absl::StrCat(id, ": Patches is not an object"));
  }
  Advisory advisory;
  advisory.id = id;
  advisory.source = std::string(kSource);
  advisory.details = CutText(JsonString(doc, "Description"), kMaxDetailsBytes);
  advisory.published = CutText(JsonString(doc, "PublicDate"), 64);
  advisory.severity = NormalizeSeverity(CutText(JsonString(doc, "Priority"), 64));
  for (std::string& url : JsonStringArray(doc, "References")) {
    if (advisory.references.size() < 512 && url.size() <= 2048) advisory.references.push_back(url);
  }
  for (const auto& [package, releases] : patches.items()) {
    if (!IsFeedToken(package, kMaxFeedNameBytes) || !releases.is_object()) {
      return out->Malformed(kSource, absl::StrCat(id, ": invalid Patches entry"));
    }
    for (const auto& [release, patch] : releases.items()) {
      std::string distro = UbuntuDistro(release);
      if (distro.empty()) continue;
      std::optional<AffectedPackage> entry = ParseRelease(patch);
      if (!entry) continue;
      entry->ecosystem = "deb";
      entry->distro = std::move(distro);
      entry->package = package;
      entry->vendor_severity = advisory.severity;
      AddAffected(advisory.affected, *std::move(entry));
    }
  }
  if (advisory.affected.empty()) return out->Skipped(kSource);
  out->Record(std::move(advisory));
}

}  // namespace moat::vulndb
