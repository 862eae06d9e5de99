#include "vulndb/feed_csaf.h"

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/severity.h"
#include "common/status.h"
#include "vulndb/feed_csaf_products.h"
#include "vulndb/feed_merge.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kSource = "redhat";
constexpr size_t kMaxReferences = 64;

constexpr std::array<std::pair<absl::string_view, FixState>, 4> kStatusLists = {{
    {"fixed", FixState::kFixed},
    {"first_fixed", FixState::kFixed},
    {"known_not_affected", FixState::kNotAffected},
    {"known_affected", FixState::kUnfixed},
}};

std::optional<FixState> RemediationState(const Json& remediation) {
  std::string category = JsonString(remediation, "category");
  if (category == "vendor_fix") return FixState::kFixed;
  if (category == "none_available") return FixState::kUnfixed;
  if (category == "no_fix_planned") {
    return absl::StrContains(JsonString(remediation, "details"), "Out of support scope")
               ? FixState::kEndOfLife
               : FixState::kWillNotFix;
  }
  return std::nullopt;
}

absl::Status ForEachId(const Json& list, absl::string_view what,
                       const std::function<void(const std::string&)>& fn) {
  if (!list.is_array()) return absl::InvalidArgumentError(absl::StrCat(what, " is not a list"));
  for (const Json& id : list) {
    if (!id.is_string()) return absl::InvalidArgumentError(absl::StrCat(what, " has a non-string"));
    fn(id.get_ref<const std::string&>());
  }
  return absl::OkStatus();
}

// Product id → state: product_status first; remediations refine "known_affected" products, or
// stand alone when the document has no product_status.
absl::StatusOr<std::map<std::string, FixState>> ProductStates(const Json& vuln) {
  std::map<std::string, FixState> states;
  const Json* status = JsonField(vuln, "product_status");
  bool has_status = status != nullptr && !status->is_null();
  if (has_status && !status->is_object()) {
    return absl::InvalidArgumentError("product_status is not an object");
  }
  for (const auto& [key, state] : kStatusLists) {
    const Json* list = has_status ? JsonField(*status, key) : nullptr;
    if (list == nullptr) continue;
    MOAT_RETURN_IF_ERROR(ForEachId(*list, absl::StrCat("product_status.", key),
                                   [&, s = state](const std::string& id) {
                                     auto [it, inserted] = states.try_emplace(id, s);
                                     // A product in two lists: the fix wins.
                                     if (!inserted && s == FixState::kFixed) it->second = s;
                                   }));
  }
  const Json* remediations = JsonField(vuln, "remediations");
  if (remediations == nullptr || !remediations->is_array()) return states;
  for (const Json& r : *remediations) {
    auto state = RemediationState(r);
    const Json* ids = JsonField(r, "product_ids");
    if (!state || ids == nullptr) continue;
    MOAT_RETURN_IF_ERROR(ForEachId(*ids, "remediations.product_ids", [&](const std::string& id) {
      auto it = states.find(id);
      if (it == states.end() && !has_status) states.emplace(id, *state);
      if (it != states.end() && it->second == FixState::kUnfixed) it->second = *state;
    }));
  }
  return states;
}

// Product id → severity of the "impact" threats naming it; "" keys the vulnerability's default.
std::map<std::string, std::string> ImpactSeverities(const Json& vuln) {
  std::map<std::string, std::string> out;
  const Json* threats = JsonField(vuln, "threats");
  if (threats == nullptr || !threats->is_array()) return out;
  for (const Json& t : *threats) {
    if (JsonString(t, "category") != "impact") continue;
    std::string severity = NormalizeSeverity(CutText(JsonString(t, "details"), 64));
    std::string& best = out[""];
    if (SeverityRank(severity) < SeverityRank(best)) best = severity;  // worse
    for (std::string& id : JsonStringArray(t, "product_ids")) out.emplace(std::move(id), severity);
  }
  return out;
}

struct Candidate {
  std::string distro;
  std::string package;
  FixState state;
  std::string evr;
  std::string severity;
  bool source_rpm;
};

std::vector<Candidate> Candidates(const std::map<std::string, FixState>& states,
                                  const std::map<std::string, std::string>& severities,
                                  const CsafProducts& products) {
  std::vector<Candidate> out;
  for (const auto& [id, state] : states) {
    auto resolved = products.Resolve(id);
    if (!resolved || (state == FixState::kFixed && resolved->package.evr.empty())) continue;
    const CsafPackage& p = resolved->package;
    std::string name = products.SourceName(p);
    if (!p.module.empty()) name = absl::StrCat(p.module, "::", name);
    auto severity = severities.find(id);
    if (severity == severities.end()) severity = severities.find("");
    out.push_back({resolved->distro, std::move(name), state, state == FixState::kFixed ? p.evr : "",
                   severity == severities.end() ? "" : severity->second, p.arch == "src"});
  }
  return out;
}

// Where a fix lists source rpms for a release, its binary rpms add nothing.
std::vector<AffectedPackage> Affected(const std::vector<Candidate>& candidates) {
  std::set<std::string> src_fixed;
  for (const Candidate& c : candidates) {
    if (c.state == FixState::kFixed && c.source_rpm) src_fixed.insert(c.distro);
  }
  std::vector<AffectedPackage> out;
  for (const Candidate& c : candidates) {
    if (c.state == FixState::kFixed && !c.source_rpm && src_fixed.count(c.distro)) continue;
    AffectedPackage a;
    a.ecosystem = "rpm";
    a.distro = c.distro;
    a.package = c.package;
    a.state = c.state;
    a.vendor_severity = c.severity;
    if (c.state != FixState::kNotAffected) {
      a.ranges.push_back({VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kIntroduced, "0"}}});
    }
    if (c.state == FixState::kFixed)
      a.ranges[0].events.push_back({RangeEvent::Kind::kFixed, c.evr});
    AddAffected(out, std::move(a));
  }
  return out;
}

void ParseDescription(const Json& vuln, const std::map<std::string, std::string>& severities,
                      Advisory* out) {
  out->summary = CutText(JsonString(vuln, "title"), kMaxSummaryBytes);
  out->published = CutText(JsonString(vuln, "release_date"), 64);
  if (auto s = severities.find(""); s != severities.end()) out->severity = s->second;
  if (const Json* notes = JsonField(vuln, "notes"); notes != nullptr && notes->is_array()) {
    for (const Json& note : *notes) {
      if (JsonString(note, "category") == "description") {
        out->details = CutText(JsonString(note, "text"), kMaxDetailsBytes);
      }
    }
  }
  if (const Json* refs = JsonField(vuln, "references"); refs != nullptr && refs->is_array()) {
    for (const Json& ref : *refs) {
      std::string url = JsonString(ref, "url");
      if (!url.empty() && url.size() <= 2048 && out->references.size() < kMaxReferences) {
        out->references.push_back(std::move(url));
      }
    }
  }
  const Json* scores = JsonField(vuln, "scores");
  if (scores == nullptr || !scores->is_array()) return;
  for (const Json& score : *scores) {
    for (absl::string_view key : {"cvss_v3", "cvss_v2"}) {
      const Json* cvss = JsonField(score, key);
      std::string vector = cvss == nullptr ? "" : JsonString(*cvss, "vectorString");
      if (vector.empty() || vector.size() > kMaxFeedIdBytes) continue;
      bool seen = false;
      for (const CvssScore& c : out->cvss) seen = seen || c.vector == vector;
      if (seen) continue;
      CvssScore parsed = CvssFromVector(vector, kSource);
      if (const Json* base = JsonField(*cvss, "baseScore"); base != nullptr && base->is_number()) {
        parsed.base_score = base->get<double>();
      }
      out->cvss.push_back(std::move(parsed));
    }
  }
}

void ParseVulnerability(const Json& vuln, const std::string& tracking_id,
                        const CsafProducts& products, FeedOutput* out) {
  if (!vuln.is_object()) return out->Malformed(kSource, "CSAF vulnerability is not an object");
  std::string cve = JsonString(vuln, "cve");
  if (cve.empty()) return out->Skipped(kSource);
  if (!IsFeedId(cve)) return out->Malformed(kSource, "CSAF vulnerability has an invalid cve");
  auto states = ProductStates(vuln);
  if (!states.ok())
    return out->Malformed(kSource, absl::StrCat(cve, ": ", states.status().message()));
  std::map<std::string, std::string> severities = ImpactSeverities(vuln);
  Advisory advisory;
  advisory.id = cve;
  advisory.source = std::string(kSource);
  advisory.affected = Affected(Candidates(*states, severities, products));
  if (advisory.affected.empty()) return out->Skipped(kSource);
  if (!tracking_id.empty()) advisory.aliases.push_back(tracking_id);
  ParseDescription(vuln, severities, &advisory);
  out->Fragment(std::move(advisory));
}

}  // namespace

bool LooksLikeCsaf(const Json& doc) {
  const Json* document = JsonField(doc, "document");
  return document != nullptr && JsonField(*document, "csaf_version") != nullptr;
}

void ParseCsaf(const Json& doc, FeedOutput* out) {
  const Json& document = *JsonField(doc, "document");
  std::string tracking_id;
  if (JsonString(document, "category") == "csaf_security_advisory") {
    if (const Json* tracking = JsonField(document, "tracking")) {
      tracking_id = JsonString(*tracking, "id");
      if (!IsFeedId(tracking_id)) tracking_id.clear();
    }
  }
  const Json* tree = JsonField(doc, "product_tree");
  const Json* vulns = JsonField(doc, "vulnerabilities");
  if (vulns == nullptr || vulns->is_null()) return;
  if (!vulns->is_array()) return out->Malformed(kSource, "CSAF vulnerabilities is not a list");
  CsafProducts products(tree == nullptr ? Json::object() : *tree);
  for (const Json& vuln : *vulns) ParseVulnerability(vuln, tracking_id, products, out);
}

}  // namespace moat::vulndb
