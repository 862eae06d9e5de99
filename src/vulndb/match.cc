#include "vulndb/match.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/severity.h"
#include "common/status.h"
#include "vulndb/affected_check.h"
#include "vulndb/match_finding.h"
#include "vulndb/match_keys.h"
#include "vulndb/match_lookup.h"
#include "vulndb/match_merge.h"
#include "vulndb/match_severity.h"
#include "vulndb/version_npm.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {
namespace {

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
    stats.skip_examples.push_back(absl::StrCat(record.advisory->id(), " for ",
                                               inventory::EcosystemName(p.ecosystem), " ", p.name,
                                               " ", p.version, ": ", check.skip_reason));
  }
}

// One package's part of a match: its lookup keys (most specific name first).
struct Plan {
  const inventory::Package* package = nullptr;
  std::string distro;  // "" for application packages
  std::vector<std::string> names;
  std::vector<size_t> keys;  // into the LookupTable, one per name
};

// Evaluates packages against looked-up records. One per thread: it caches version rules and
// counts into its own stats.
class PackageMatcher {
 public:
  PackageMatcher(const LookupTable& table, const MatchOptions& options)
      : table_(table), options_(options) {}

  // Fails only when an advisory the package needs is damaged in the database.
  absl::Status Match(const Plan& plan, std::vector<Vulnerability>& out) {
    const inventory::Package& p = *plan.package;
    absl::string_view ecosystem = inventory::EcosystemName(p.ecosystem);
    std::vector<const AffectedRecord*> records = Records(plan);
    if (records.empty()) return absl::OkStatus();
    std::vector<AffectedCheck> checks;
    std::vector<EvaluatedHit> hits;
    MOAT_RETURN_IF_ERROR(Evaluate(p, ecosystem, records, checks, hits));
    if (hits.empty()) return absl::OkStatus();
    FindingContext context{&p, plan.distro.empty() ? "" : plan.names.front(), plan.distro,
                           Rules(ecosystem).ecosystem, &cvss_};
    std::vector<MatchHit> split;
    for (const EvaluatedHit& hit : hits) split.push_back(hit.hit);
    split = SplitBundles(split);
    std::vector<EvaluatedHit> expanded;
    for (const MatchHit& hit : split) {
      expanded.push_back({hit, hits[hit.origin].check, hits[hit.origin].not_affected});
    }
    for (const HitGroup& group : GroupHits(split)) {
      std::optional<Vulnerability> v = BuildFinding(group, expanded, context, options_);
      if (v) out.push_back(std::move(*v));
    }
    return absl::OkStatus();
  }

  MatchStats& stats() { return stats_; }

 private:
  // The records of every name. Advisories found under an earlier name are not taken again
  // from a later one (a feed that kept the original spelling must not double them); one
  // advisory may hold several entries for one name (one per range), and those all count.
  std::vector<const AffectedRecord*> Records(const Plan& plan) {
    std::vector<const AffectedRecord*> records;
    for (const AffectedRecord& r : table_.records(plan.keys.front())) records.push_back(&r);
    for (size_t k = 1; k < plan.keys.size(); ++k) {
      absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> earlier;
      for (const AffectedRecord* r : records) {
        earlier.insert({r->advisory->source(), r->advisory->id()});
      }
      for (const AffectedRecord& r : table_.records(plan.keys[k])) {
        if (!earlier.contains({r.advisory->source(), r.advisory->id()})) records.push_back(&r);
      }
    }
    return records;
  }

  const VersionRules& Rules(absl::string_view ecosystem) {
    auto it = rules_.find(ecosystem);
    if (it == rules_.end()) it = rules_.emplace(std::string(ecosystem), RulesFor(ecosystem)).first;
    return it->second;
  }

  // The entries that apply: affected at the installed version, or saying not-affected.
  // `checks` keeps the verdicts the hits point to. Only the advisories of entries that apply
  // (or that skipped a range, for the example) are decoded.
  absl::Status Evaluate(const inventory::Package& p, absl::string_view ecosystem,
                        const std::vector<const AffectedRecord*>& records,
                        std::vector<AffectedCheck>& checks, std::vector<EvaluatedHit>& hits) {
    const VersionRules& rules = Rules(ecosystem);
    std::string version = MatchVersion(p);
    std::vector<std::pair<const AffectedRecord*, const Advisory*>> applying;
    for (const AffectedRecord* r : records) {
      AffectedCheck check = CheckAffected(r->affected, version, rules);
      if (check.skipped == 0 && !check.affected) {
        ++stats_.entries;
        continue;
      }
      MOAT_ASSIGN_OR_RETURN(const Advisory* advisory, r->advisory->Get());
      if (advisory->withdrawn) continue;
      ++stats_.entries;
      if (check.skipped > 0) NoteSkip(stats_, p, *r, check);
      if (!check.affected) continue;
      applying.push_back({r, advisory});
      checks.push_back(std::move(check));
    }
    hits.reserve(applying.size());
    for (size_t i = 0; i < applying.size(); ++i) {
      const auto& [r, advisory] = applying[i];
      hits.push_back({{advisory, &r->affected, "", i},
                      &checks[i],
                      r->affected.state == FixState::kNotAffected});
    }
    return absl::OkStatus();
  }

  const LookupTable& table_;
  const MatchOptions& options_;
  MatchStats stats_;
  absl::flat_hash_map<std::string, VersionRules> rules_;
  CvssCache cvss_;
};

void AddStats(MatchStats& total, const MatchStats& part) {
  total.entries += part.entries;
  total.skipped_ranges += part.skipped_ranges;
  for (const std::string& example : part.skip_examples) {
    if (total.skip_examples.size() < MatchStats::kMaxExamples)
      total.skip_examples.push_back(example);
  }
}

// Sorted by severity (worst first), then package, id, installed version and where found. The
// findings are sorted through a small index, so they are moved once rather than at every swap.
std::vector<Vulnerability> SortFindings(std::vector<std::vector<Vulnerability>>& per_package,
                                        int threads) {
  struct Slot {
    int rank;
    absl::string_view package;
    absl::string_view id;
    Vulnerability* v;
  };
  std::vector<Slot> order;
  for (auto& findings : per_package) {
    for (Vulnerability& v : findings)
      order.push_back({SeverityRank(v.severity), v.package, v.id, &v});
  }
  auto before = [](const Slot& a, const Slot& b) {
    return std::forward_as_tuple(a.rank, a.package, a.id, a.v->installed_version, a.v->found_in,
                                 a.v->found_in_archive) <
           std::forward_as_tuple(b.rank, b.package, b.id, b.v->installed_version, b.v->found_in,
                                 b.v->found_in_archive);
  };
  // One slice per thread sorted in parallel, then merged.
  size_t slices = static_cast<size_t>(std::max(1, threads));
  size_t step = (order.size() + slices - 1) / std::max<size_t>(slices, 1);
  auto bound = [&](size_t i) { return order.begin() + std::min(order.size(), i * step); };
  ParallelFor(slices, threads, [&](int, size_t i) { std::sort(bound(i), bound(i + 1), before); });
  for (size_t i = 1; i < slices; ++i)
    std::inplace_merge(order.begin(), bound(i), bound(i + 1), before);
  std::vector<Vulnerability> out;
  out.reserve(order.size());
  for (const Slot& slot : order) out.push_back(std::move(*slot.v));
  return out;
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
  int threads = MatchThreads(options.jobs);
  // Every package's names, worked out on the workers; then the distinct keys, in package order.
  std::vector<Plan> plans(inventory.packages.size());
  ParallelFor(plans.size(), threads, [&](int, size_t i) {
    const inventory::Package& p = inventory.packages[i];
    bool os_package = inventory::IsOsEcosystem(p.ecosystem);
    if (os_package && stats.distro.empty()) return;  // no plan: counted below
    plans[i] = {&p, os_package ? stats.distro : "", LookupNames(p), {}};
  });
  stats.packages = static_cast<int64_t>(plans.size());
  LookupTable table;  // views into `stats.distro` and the plans' names (their buffers stay put)
  for (Plan& plan : plans) {
    if (plan.package == nullptr) {
      ++stats.unmatched_os_packages;
      continue;
    }
    absl::string_view distro =
        plan.distro.empty() ? absl::string_view() : absl::string_view(stats.distro);
    for (const std::string& name : plan.names) {
      plan.keys.push_back(
          table.Add(inventory::EcosystemName(plan.package->ecosystem), distro, name));
    }
  }
  plans.erase(std::remove_if(plans.begin(), plans.end(),
                             [](const Plan& plan) { return plan.package == nullptr; }),
              plans.end());
  if (absl::Status status = table.Run(db, threads); !status.ok()) return status;
  stats.lookups = static_cast<int64_t>(table.size());
  // Each package's findings in its own slot, so the result does not depend on scheduling.
  std::vector<std::vector<Vulnerability>> per_package(plans.size());
  std::vector<PackageMatcher> matchers(threads, PackageMatcher(table, options));
  absl::Mutex mu;
  absl::Status first_error;
  ParallelFor(plans.size(), threads, [&](int worker, size_t i) {
    absl::Status status = matchers[worker].Match(plans[i], per_package[i]);
    if (status.ok()) return;
    absl::MutexLock lock(&mu);
    if (first_error.ok()) first_error = std::move(status);
  });
  if (!first_error.ok()) return first_error;
  for (PackageMatcher& m : matchers) AddStats(stats, m.stats());
  std::vector<Vulnerability> out = SortFindings(per_package, threads);
  // Freeing what was looked up is a good share of a large match: on the workers too.
  ParallelFor(std::max(table.size(), per_package.size()), threads, [&](int, size_t i) {
    if (i < table.size()) table.Release(i);
    if (i < per_package.size()) std::vector<Vulnerability>().swap(per_package[i]);
  });
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
