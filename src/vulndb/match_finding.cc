#include "vulndb/match_finding.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "vulndb/match_severity.h"

namespace moat::vulndb {
namespace {

// GitHub's reviewed advisories rate app packages most consistently: they come first; the rest
// by source name, then id, so the output never depends on lookup order.
bool HitBefore(const EvaluatedHit* a, const EvaluatedHit* b) {
  auto key = [](const EvaluatedHit* h) {
    return std::make_tuple(h->hit.advisory->source != "ghsa", h->hit.advisory->source,
                           h->hit.advisory->id);
  };
  return key(a) < key(b);
}

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

// Every reference URL of the hits, in order, once each.
void AddReferences(const std::vector<const EvaluatedHit*>& hits, std::vector<std::string>& out) {
  size_t total = 0;
  for (const EvaluatedHit* h : hits) total += h->hit.advisory->references.size();
  out.reserve(total);
  if (total <= 16) {  // a linear search is cheaper than a set for a few
    for (const EvaluatedHit* h : hits) {
      for (const std::string& url : h->hit.advisory->references) AddUnique(out, url);
    }
    return;
  }
  absl::flat_hash_set<absl::string_view> seen;
  seen.reserve(total);
  for (const EvaluatedHit* h : hits) {
    for (const std::string& url : h->hit.advisory->references) {
      if (!url.empty() && seen.insert(url).second) out.push_back(url);
    }
  }
}

void SortVersions(std::vector<std::string>& versions, const VersionScheme* scheme) {
  if (versions.size() < 2) return;
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  if (scheme == nullptr || versions.size() < 2) return;
  std::stable_sort(versions.begin(), versions.end(), [scheme](const auto& a, const auto& b) {
    absl::StatusOr<int> c = scheme->Compare(a, b);
    return c.ok() && *c < 0;
  });
}

// Fixed when any entry names a fix above the installed version; otherwise the most actionable
// of the entries' states: unfixed (a fix may come), will-not-fix, end-of-life.
FixState CombinedState(const std::vector<const EvaluatedHit*>& hits, bool has_fix) {
  if (has_fix) return FixState::kFixed;
  bool will_not_fix = false;
  bool end_of_life = false;
  for (const EvaluatedHit* h : hits) {
    FixState state = h->hit.entry->state;
    if (state == FixState::kUnfixed || state == FixState::kFixed) return FixState::kUnfixed;
    will_not_fix = will_not_fix || state == FixState::kWillNotFix;
    end_of_life = end_of_life || state == FixState::kEndOfLife;
  }
  if (will_not_fix) return FixState::kWillNotFix;
  return end_of_life ? FixState::kEndOfLife : FixState::kUnfixed;
}

std::string FixSuggestion(const FindingContext& context, const std::string& fixed) {
  const inventory::Package& p = *context.package;
  // Go's standard library is compiled into the binary: the fix is a newer toolchain.
  if (p.ecosystem == inventory::Ecosystem::kGolang && p.name == "stdlib") {
    return absl::StrCat("rebuild with Go ", absl::StripPrefix(fixed, "v"));
  }
  if (!context.source_package.empty() && context.source_package != p.name) {
    return absl::StrCat("upgrade ", p.name, " (source ", context.source_package, ") to ", fixed);
  }
  return absl::StrCat("upgrade ", p.name, " to ", fixed);
}

std::string Title(const HitGroup& group, const std::vector<const EvaluatedHit*>& hits) {
  for (const EvaluatedHit* h : hits) {
    if (h->hit.advisory->id == group.id && !h->hit.advisory->summary.empty()) {
      return h->hit.advisory->summary;
    }
  }
  for (const EvaluatedHit* h : hits) {
    if (!h->hit.advisory->summary.empty()) return h->hit.advisory->summary;
  }
  return "";
}

void FillPackage(const FindingContext& context, Vulnerability& v) {
  const inventory::Package& p = *context.package;
  v.ecosystem = std::string(inventory::EcosystemName(p.ecosystem));
  v.package = p.name;
  v.installed_version = p.version;
  v.purl = p.purl;
  v.found_in = p.found_in;
  v.found_in_archive = p.found_in_archive;
  v.layer = p.layer;
  v.layer_diff_id = p.layer_diff_id;
  v.source_package = context.source_package;
  v.distro = context.distro;
}

}  // namespace

std::optional<Vulnerability> BuildFinding(const HitGroup& group,
                                          const std::vector<EvaluatedHit>& hits,
                                          const FindingContext& context,
                                          const MatchOptions& options) {
  std::vector<const EvaluatedHit*> affected;
  for (size_t i : group.hits) {
    if (hits[i].not_affected) return std::nullopt;
    affected.push_back(&hits[i]);
  }
  if (affected.empty()) return std::nullopt;
  std::sort(affected.begin(), affected.end(), HitBefore);
  Vulnerability v;
  v.id = group.id;
  v.aliases = group.aliases;
  FillPackage(context, v);
  for (const EvaluatedHit* h : affected) {
    v.fixed_versions.insert(v.fixed_versions.end(), h->check->fixed_above.begin(),
                            h->check->fixed_above.end());
  }
  SortVersions(v.fixed_versions, context.scheme);
  v.state = CombinedState(affected, !v.fixed_versions.empty());
  if (v.state != FixState::kFixed && !options.include_not_fixed) return std::nullopt;
  if (!v.fixed_versions.empty()) v.fix = FixSuggestion(context, v.fixed_versions.front());
  std::vector<SeverityInput> inputs;
  for (const EvaluatedHit* h : affected) inputs.push_back({h->hit.advisory, h->hit.entry});
  SeverityChoice severity = ChooseSeverity(inputs, !context.distro.empty(), context.cvss);
  v.severity = severity.severity;
  v.severity_source = severity.severity_source;
  v.cvss_score = severity.cvss_score;
  v.cvss_vector = severity.cvss_vector;
  v.vendor_severity = severity.vendor_severity;
  v.title = Title(group, affected);
  AddReferences(affected, v.references);
  for (const EvaluatedHit* h : affected) AddUnique(v.sources, h->hit.advisory->source);
  std::sort(v.sources.begin(), v.sources.end());
  return v;
}

}  // namespace moat::vulndb
