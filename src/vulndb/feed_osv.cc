#include "vulndb/feed_osv.h"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"
#include "vulndb/feed_merge.h"
#include "vulndb/feed_osv_ecosystem.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr size_t kMaxReferences = 512;

constexpr std::array<std::pair<absl::string_view, absl::string_view>, 10> kSourcePrefixes = {{
    {"GHSA-", "ghsa"},
    {"GO-", "go-vulndb"},
    {"RUSTSEC-", "rustsec"},
    {"PYSEC-", "pypa"},
    {"USN-", "ubuntu"},
    {"UBUNTU-", "ubuntu"},
    {"LSN-", "ubuntu"},
    {"CGA-", "chainguard"},
    {"DSA-", "debian"},
    {"DLA-", "debian"},
}};

constexpr std::array<std::pair<absl::string_view, RangeEvent::Kind>, 4> kEventKinds = {{
    {"introduced", RangeEvent::Kind::kIntroduced},
    {"fixed", RangeEvent::Kind::kFixed},
    {"last_affected", RangeEvent::Kind::kLastAffected},
    {"limit", RangeEvent::Kind::kLimit},
}};

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

// The strings of an optional array field; a present field of another type, or a non-string
// element, is an error.
absl::StatusOr<std::vector<std::string>> StringList(const Json& object, absl::string_view key) {
  std::vector<std::string> out;
  const Json* field = JsonField(object, key);
  if (field == nullptr || field->is_null()) return out;
  if (!field->is_array()) return Bad(key, "not an array");
  for (size_t i = 0; i < field->size(); ++i) {
    const Json& item = (*field)[i];
    if (!item.is_string()) return Bad(absl::StrCat(key, "[", i, "]"), "not a string");
    out.push_back(item.get<std::string>());
  }
  return out;
}

absl::StatusOr<RangeEvent> ParseEvent(const Json& event, const std::string& where) {
  if (!event.is_object()) return Bad(where, "not an object");
  std::optional<RangeEvent> found;
  for (const auto& [key, kind] : kEventKinds) {
    const Json* value = JsonField(event, key);
    if (value == nullptr) continue;
    if (found) return Bad(where, "more than one of introduced, fixed, last_affected, limit");
    if (!value->is_string()) return Bad(where, absl::StrCat(key, " is not a string"));
    const std::string& version = value->get_ref<const std::string&>();
    if (!IsFeedToken(version, kMaxFeedVersionBytes)) {
      return Bad(where, absl::StrCat("invalid ", key, " version"));
    }
    found = RangeEvent{kind, version};
  }
  if (!found) return Bad(where, "no introduced, fixed, last_affected or limit");
  return *found;
}

// Events must read as introduced, then at most one closing event (fixed or last_affected),
// then the next introduced: the order every feed writes and the matcher evaluates.
absl::Status CheckEventOrder(const std::vector<RangeEvent>& events, const std::string& where) {
  bool open = false;
  bool any_introduced = false;
  for (const RangeEvent& e : events) {
    if (e.kind == RangeEvent::Kind::kLimit) continue;
    if (e.kind == RangeEvent::Kind::kIntroduced) {
      if (open)
        return Bad(where, absl::StrCat("events out of order: introduced ", e.version,
                                       " follows an open introduced"));
      open = any_introduced = true;
      continue;
    }
    if (!open) {
      return Bad(where, absl::StrCat("events out of order: ", e.version,
                                     " closes a range that was not introduced"));
    }
    open = false;
  }
  if (!any_introduced) return Bad(where, "no introduced event");
  return absl::OkStatus();
}

// A range, or nullopt for GIT and unknown range types (dropped).
absl::StatusOr<std::optional<VersionRange>> ParseRange(const Json& range,
                                                       const std::string& where) {
  if (!range.is_object()) return Bad(where, "not an object");
  const Json* type = JsonField(range, "type");
  if (type == nullptr || !type->is_string()) return Bad(where, "type is not a string");
  VersionRange out;
  if (*type == "SEMVER") {
    out.type = VersionRange::Type::kSemver;
  } else if (*type == "ECOSYSTEM") {
    out.type = VersionRange::Type::kEcosystem;
  } else {
    return std::nullopt;
  }
  const Json* events = JsonField(range, "events");
  if (events == nullptr || !events->is_array()) return Bad(where, "events is not an array");
  for (size_t i = 0; i < events->size(); ++i) {
    MOAT_ASSIGN_OR_RETURN(RangeEvent e,
                          ParseEvent((*events)[i], absl::StrCat(where, ".events[", i, "]")));
    out.events.push_back(std::move(e));
  }
  MOAT_RETURN_IF_ERROR(CheckEventOrder(out.events, where));
  return out;
}

absl::Status ParseRanges(const Json& affected, const std::string& where, AffectedPackage* out) {
  const Json* ranges = JsonField(affected, "ranges");
  if (ranges == nullptr || ranges->is_null()) return absl::OkStatus();
  if (!ranges->is_array()) return Bad(where, "ranges is not an array");
  for (size_t i = 0; i < ranges->size(); ++i) {
    MOAT_ASSIGN_OR_RETURN(auto range,
                          ParseRange((*ranges)[i], absl::StrCat(where, ".ranges[", i, "]")));
    if (range) out->ranges.push_back(*std::move(range));
  }
  return absl::OkStatus();
}

// Open-ended: the last event that is not a limit introduces versions no fix ends.
bool HasOpenRange(const AffectedPackage& a) {
  for (const VersionRange& r : a.ranges) {
    for (auto e = r.events.rbegin(); e != r.events.rend(); ++e) {
      if (e->kind == RangeEvent::Kind::kLimit) continue;
      if (e->kind == RangeEvent::Kind::kIntroduced) return true;
      break;
    }
  }
  return false;
}

// One affected entry; nullopt when its ecosystem is not one Moat matches, or it names no
// version at all (only GIT ranges).
absl::StatusOr<std::optional<AffectedPackage>> ParseAffected(const Json& affected, size_t index) {
  std::string where = absl::StrCat("affected[", index, "]");
  if (!affected.is_object()) return Bad(where, "not an object");
  const Json* package = JsonField(affected, "package");
  if (package == nullptr || package->is_null()) return std::nullopt;
  if (!package->is_object()) return Bad(where, "package is not an object");
  const Json* ecosystem = JsonField(*package, "ecosystem");
  const Json* name = JsonField(*package, "name");
  if (ecosystem == nullptr || !ecosystem->is_string()) {
    return Bad(where, "package ecosystem is not a string");
  }
  if (name == nullptr || !name->is_string()) return Bad(where, "package name is not a string");
  EcosystemKey key;
  if (!MapOsvEcosystem(ecosystem->get_ref<const std::string&>(), &key)) return std::nullopt;
  const std::string& raw_name = name->get_ref<const std::string&>();
  if (!IsFeedToken(raw_name, kMaxFeedNameBytes)) return Bad(where, "invalid package name");
  AffectedPackage out;
  out.ecosystem = std::move(key.ecosystem);
  out.distro = std::move(key.distro);
  out.package = NormalizePackageName(out.ecosystem, raw_name);
  MOAT_RETURN_IF_ERROR(ParseRanges(affected, where, &out));
  auto versions = StringList(affected, "versions");
  if (!versions.ok()) return Bad(where, versions.status().message());
  for (std::string& v : *versions) {
    if (!IsFeedToken(v, kMaxFeedVersionBytes)) return Bad(where, "invalid version in versions");
    out.versions.push_back(std::move(v));
  }
  if (out.ranges.empty() && out.versions.empty()) return std::nullopt;
  out.state = HasOpenRange(out) ? FixState::kUnfixed : FixState::kFixed;
  return out;
}

// RustSec marks unmaintained crates, unsound APIs and notices as "informational": not
// vulnerabilities, so they are left out.
bool IsInformational(const Json& affected) {
  const Json* db = JsonField(affected, "database_specific");
  return db != nullptr && !JsonString(*db, "informational").empty();
}

void ParseSeverities(const Json& record, Advisory* out, std::string* vendor_severity) {
  const Json* severity = JsonField(record, "severity");
  if (severity != nullptr && severity->is_array()) {
    for (const Json& s : *severity) {
      std::string type = JsonString(s, "type");
      std::string score = JsonString(s, "score");
      if (score.empty() || score.size() > kMaxFeedIdBytes) continue;
      if (absl::StartsWith(type, "CVSS_V")) {
        out->cvss.push_back(CvssFromVector(score, out->source));
      } else if (type == "Ubuntu") {
        *vendor_severity = NormalizeSeverity(score);
      }
    }
  }
  const Json* db = JsonField(record, "database_specific");
  if (db != nullptr) out->severity = NormalizeSeverity(CutText(JsonString(*db, "severity"), 64));
  if (out->severity.empty()) out->severity = *vendor_severity;
}

void ParseTexts(const Json& record, Advisory* out) {
  out->summary = CutText(JsonString(record, "summary"), kMaxSummaryBytes);
  out->details = CutText(JsonString(record, "details"), kMaxDetailsBytes);
  out->published = CutText(JsonString(record, "published"), 64);
  out->modified = CutText(JsonString(record, "modified"), 64);
  out->withdrawn = !JsonString(record, "withdrawn").empty();
  const Json* refs = JsonField(record, "references");
  if (refs == nullptr || !refs->is_array()) return;
  for (const Json& ref : *refs) {
    if (out->references.size() >= kMaxReferences) break;
    std::string url = JsonString(ref, "url");
    if (!url.empty() && url.size() <= 2048) out->references.push_back(std::move(url));
  }
}

// Aliases plus OSV 1.7 "upstream" ids; "UBUNTU-CVE-…" also yields the plain CVE id.
absl::Status ParseAliases(const Json& record, Advisory* out) {
  for (absl::string_view key : {"aliases", "upstream"}) {
    MOAT_ASSIGN_OR_RETURN(std::vector<std::string> ids, StringList(record, key));
    for (std::string& id : ids) {
      if (!IsFeedId(id) || id == out->id) continue;
      absl::string_view plain = id;
      if (absl::ConsumePrefix(&plain, "UBUNTU-") && absl::StartsWith(plain, "CVE-")) {
        AddUnique(out->aliases, std::string(plain));
      }
      AddUnique(out->aliases, std::move(id));
    }
  }
  return absl::OkStatus();
}

enum class Outcome { kRecord, kSkipped };

absl::StatusOr<Outcome> ParseRecord(const Json& record, Advisory* out) {
  MOAT_RETURN_IF_ERROR(ParseAliases(record, out));
  ParseTexts(record, out);
  std::string vendor_severity;
  ParseSeverities(record, out, &vendor_severity);
  const Json* affected = JsonField(record, "affected");
  // No affected entries (GHSA's unreviewed advisories, withdrawn stubs): nothing to match.
  if (affected == nullptr || affected->is_null()) return Outcome::kSkipped;
  if (!affected->is_array()) return Bad("affected", "not an array");
  for (size_t i = 0; i < affected->size(); ++i) {
    if (out->source == "rustsec" && IsInformational((*affected)[i])) return Outcome::kSkipped;
    MOAT_ASSIGN_OR_RETURN(auto entry, ParseAffected((*affected)[i], i));
    if (!entry) continue;
    if (!entry->distro.empty()) entry->vendor_severity = vendor_severity;
    AddAffected(out->affected, *std::move(entry));
  }
  // None, or every entry was for an ecosystem Moat does not match.
  if (out->affected.empty()) return Outcome::kSkipped;
  return Outcome::kRecord;
}

void ParseOne(const Json& record, FeedOutput* out) {
  if (!record.is_object()) {
    out->Malformed("osv", "OSV record is not an object");
    return;
  }
  const Json* id = JsonField(record, "id");
  if (id == nullptr) return out->Malformed("osv", "OSV record has no id");
  if (!id->is_string() || !IsFeedId(id->get_ref<const std::string&>())) {
    return out->Malformed("osv", "OSV record has an invalid id");
  }
  Advisory advisory;
  advisory.id = id->get<std::string>();
  advisory.source = std::string(OsvSource(advisory.id));
  auto outcome = ParseRecord(record, &advisory);
  if (!outcome.ok()) {
    return out->Malformed(advisory.source,
                          absl::StrCat(advisory.id, ": ", outcome.status().message()));
  }
  if (*outcome == Outcome::kSkipped) return out->Skipped(advisory.source);
  out->Record(std::move(advisory));
}

bool LooksLikeOsvRecord(const Json& doc) {
  return doc.is_object() && JsonField(doc, "id") != nullptr &&
         (JsonField(doc, "affected") != nullptr || JsonField(doc, "schema_version") != nullptr);
}

}  // namespace

bool LooksLikeOsv(const Json& doc) {
  if (doc.is_array()) return !doc.empty() && LooksLikeOsvRecord(doc[0]);
  return LooksLikeOsvRecord(doc);
}

absl::string_view OsvSource(absl::string_view id) {
  for (const auto& [prefix, source] : kSourcePrefixes) {
    if (absl::StartsWith(id, prefix)) return source;
  }
  return "osv";
}

void ParseOsvDocument(const Json& doc, FeedOutput* out) {
  if (!doc.is_array()) return ParseOne(doc, out);
  for (const Json& record : doc) ParseOne(record, out);
}

}  // namespace moat::vulndb
