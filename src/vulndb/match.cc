#include "vulndb/match.h"

#include <algorithm>
#include <memory>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "vulndb/affected_check.h"
#include "vulndb/match_finding.h"
#include "vulndb/match_keys.h"
#include "vulndb/match_merge.h"
#include "vulndb/match_severity.h"
#include "vulndb/version_npm.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {
namespace {

using Records = std::vector<AffectedRecord>;

// Lookups of one match, deduplicated: binary packages of one source package share theirs.
class LookupCache {
 public:
  LookupCache(const VulnDatabase& db, MatchStats& stats) : db_(db), stats_(stats) {}

  absl::StatusOr<const Records*> Get(absl::string_view ecosystem, absl::string_view distro,
                                     absl::string_view name) {
    std::string key = absl::StrCat(ecosystem, "\n", distro, "\n", name);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second.get();
    ++stats_.lookups;
    absl::StatusOr<Records> records = db_.Lookup(ecosystem, distro, name);
    if (!records.ok()) return records.status();
    auto& slot = cache_[key];
    slot = std::make_unique<Records>(std::move(*records));
    return slot.get();
  }

 private:
  const VulnDatabase& db_;
  MatchStats& stats_;
  absl::flat_hash_map<std::string, std::unique_ptr<Records>> cache_;
};

VersionRules RulesFor(absl::string_view ecosystem) {
  VersionRules rules;
  rules.ecosystem = VersionSchemeFor(ecosystem);
  rules.semver = VersionSchemeFor("semver");
  rules.npm_satisfies = [](absl::string_view version, absl::string_view range) {
    return NpmSatisfies(version, range);
  };
  return rules;
}

void NoteSkip(MatchStats& stats, const inventory::Package& p, const AffectedRecord& record,
              const AffectedCheck& check) {
  stats.skipped_ranges += check.skipped;
  if (stats.skip_examples.size() < MatchStats::kMaxExamples) {
    stats.skip_examples.push_back(absl::StrCat(record.advisory.id, " for ",
                                               inventory::EcosystemName(p.ecosystem), " ", p.name,
                                               " ", p.version, ": ", check.skip_reason));
  }
}

class PackageMatcher {
 public:
  PackageMatcher(LookupCache& cache, const MatchOptions& options, MatchStats& stats)
      : cache_(cache), options_(options), stats_(stats) {}

  absl::Status Match(const inventory::Package& p, const std::string& distro,
                     std::vector<Vulnerability>& out) {
    absl::string_view ecosystem = inventory::EcosystemName(p.ecosystem);
    std::vector<const AffectedRecord*> records;
    // (source, id) of advisories found under an earlier name: a feed that kept the original
    // spelling must not double them. One advisory may hold several entries for one name
    // (one per range); those all count.
    absl::flat_hash_set<std::pair<std::string, std::string>> earlier;
    std::vector<std::string> names = LookupNames(p);
    for (const std::string& name : names) {
      absl::StatusOr<const Records*> found = cache_.Get(ecosystem, distro, name);
      if (!found.ok()) return found.status();
      size_t first = records.size();
      for (const AffectedRecord& r : **found) {
        if (!earlier.contains({r.advisory.source, r.advisory.id})) records.push_back(&r);
      }
      for (size_t i = first; i < records.size(); ++i) {
        earlier.insert({records[i]->advisory.source, records[i]->advisory.id});
      }
    }
    if (records.empty()) return absl::OkStatus();
    std::vector<EvaluatedHit> hits = Evaluate(p, ecosystem, records);
    FindingContext context{&p, distro.empty() ? "" : names.front(), distro,
                           Rules(ecosystem).ecosystem};
    std::vector<MatchHit> split;
    for (size_t i = 0; i < hits.size(); ++i) split.push_back(hits[i].hit);
    split = SplitBundles(split);
    std::vector<EvaluatedHit> expanded;
    for (const MatchHit& hit : split) {
      expanded.push_back({hit, hits[hit.origin].check, hits[hit.origin].not_affected});
      expanded.back().hit.origin = expanded.size() - 1;
    }
    for (const HitGroup& group : GroupHits(split)) {
      std::optional<Vulnerability> v = BuildFinding(group, expanded, context, options_);
      if (v) out.push_back(std::move(*v));
    }
    return absl::OkStatus();
  }

 private:
  const VersionRules& Rules(absl::string_view ecosystem) {
    auto it = rules_.find(ecosystem);
    if (it == rules_.end()) it = rules_.emplace(std::string(ecosystem), RulesFor(ecosystem)).first;
    return it->second;
  }

  // The entries that apply: affected at the installed version, or saying not-affected.
  std::vector<EvaluatedHit> Evaluate(const inventory::Package& p, absl::string_view ecosystem,
                                     const std::vector<const AffectedRecord*>& records) {
    const VersionRules& rules = Rules(ecosystem);
    std::string version = MatchVersion(p);
    std::vector<EvaluatedHit> hits;
    for (const AffectedRecord* r : records) {
      if (r->advisory.withdrawn) continue;
      ++stats_.entries;
      AffectedCheck check = CheckAffected(r->affected, version, rules);
      if (check.skipped > 0) NoteSkip(stats_, p, *r, check);
      if (!check.affected) continue;
      EvaluatedHit hit;
      hit.hit = {&r->advisory, &r->affected, "", hits.size()};
      hit.not_affected = r->affected.state == FixState::kNotAffected;
      hit.check = std::move(check);
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  LookupCache& cache_;
  const MatchOptions& options_;
  MatchStats& stats_;
  absl::flat_hash_map<std::string, VersionRules> rules_;
};

bool FindingBefore(const Vulnerability& a, const Vulnerability& b) {
  return std::forward_as_tuple(SeverityRank(a.severity), a.package, a.id, a.installed_version,
                               a.found_in, a.found_in_archive) <
         std::forward_as_tuple(SeverityRank(b.severity), b.package, b.id, b.installed_version,
                               b.found_in, b.found_in_archive);
}

}  // namespace

absl::StatusOr<std::vector<Vulnerability>> MatchInventory(const inventory::Inventory& inventory,
                                                          const VulnDatabase& db,
                                                          const MatchOptions& options) {
  return MatchInventory(inventory, db, options, nullptr);
}

absl::StatusOr<std::vector<Vulnerability>> MatchInventory(const inventory::Inventory& inventory,
                                                          const VulnDatabase& db,
                                                          const MatchOptions& options,
                                                          MatchStats* stats_out) {
  MatchStats stats;
  stats.distro = inventory.os ? DistroKey(*inventory.os) : "";
  LookupCache cache(db, stats);
  PackageMatcher matcher(cache, options, stats);
  std::vector<Vulnerability> out;
  for (const inventory::Package& p : inventory.packages) {
    ++stats.packages;
    bool os_package = inventory::IsOsEcosystem(p.ecosystem);
    if (os_package && stats.distro.empty()) {
      ++stats.unmatched_os_packages;
      continue;
    }
    absl::Status status = matcher.Match(p, os_package ? stats.distro : "", out);
    if (!status.ok()) return status;
  }
  std::sort(out.begin(), out.end(), FindingBefore);
  if (stats_out != nullptr) *stats_out = std::move(stats);
  return out;
}

std::vector<std::string> MatchWarnings(const MatchStats& stats) {
  std::vector<std::string> out;
  if (stats.unmatched_os_packages > 0) {
    out.push_back(absl::StrCat(stats.unmatched_os_packages,
                               " OS packages not checked for vulnerabilities: the OS release is "
                               "unknown or has no advisory feed key"));
  }
  if (stats.skipped_ranges > 0) {
    std::string line = absl::StrCat(stats.skipped_ranges,
                                    " advisory ranges skipped: a version could not be compared");
    for (const std::string& example : stats.skip_examples) absl::StrAppend(&line, "\n  ", example);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace moat::vulndb
