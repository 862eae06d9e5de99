#include "vulndb/match_merge.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {
namespace {

bool IsCve(absl::string_view id) { return absl::StartsWith(id, "CVE-"); }

std::vector<std::string> CveIds(const Advisory& advisory) {
  std::vector<std::string> out;
  if (IsCve(advisory.id)) out.push_back(advisory.id);
  for (const std::string& alias : advisory.aliases) {
    if (IsCve(alias) && std::find(out.begin(), out.end(), alias) == out.end()) {
      out.push_back(alias);
    }
  }
  return out;
}

// The ids through which a hit joins others (views into the hit).
std::vector<absl::string_view> JoiningIds(const MatchHit& hit) {
  if (!hit.cve.empty()) return {hit.cve};
  std::vector<absl::string_view> ids;
  ids.reserve(1 + hit.advisory->aliases.size());
  ids.push_back(hit.advisory->id);
  for (const std::string& alias : hit.advisory->aliases) {
    if (!alias.empty()) ids.push_back(alias);
  }
  return ids;
}

class UnionFind {
 public:
  explicit UnionFind(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  size_t Find(size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Union(size_t a, size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

// CVE first, then GHSA, then any; the smallest within a class.
int IdClass(absl::string_view id) { return IsCve(id) ? 0 : absl::StartsWith(id, "GHSA-") ? 1 : 2; }

absl::string_view PrimaryId(const std::vector<absl::string_view>& ids) {
  return *std::min_element(ids.begin(), ids.end(), [](absl::string_view a, absl::string_view b) {
    int ca = IdClass(a), cb = IdClass(b);
    return ca != cb ? ca < cb : a < b;
  });
}

// The primary id and the sorted aliases of one group.
void NameGroup(const std::vector<MatchHit>& hits, HitGroup& group) {
  std::vector<absl::string_view> joining;
  std::vector<absl::string_view> all;
  for (size_t i : group.hits) {
    const MatchHit& hit = hits[i];
    std::vector<absl::string_view> ids = JoiningIds(hit);
    joining.insert(joining.end(), ids.begin(), ids.end());
    all.insert(all.end(), ids.begin(), ids.end());
    all.push_back(hit.advisory->id);
    if (!hit.cve.empty()) {
      for (const std::string& alias : hit.advisory->aliases) {
        if (!IsCve(alias)) all.push_back(alias);
      }
    }
  }
  absl::string_view id = PrimaryId(joining);
  group.id = std::string(id);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  group.aliases.reserve(all.size());
  for (absl::string_view alias : all) {
    if (alias != id && !alias.empty()) group.aliases.emplace_back(alias);
  }
}

}  // namespace

std::vector<MatchHit> SplitBundles(const std::vector<MatchHit>& hits) {
  std::vector<MatchHit> out;
  out.reserve(hits.size());
  for (const MatchHit& hit : hits) {
    std::vector<std::string> cves =
        hit.cve.empty() ? CveIds(*hit.advisory) : std::vector<std::string>{};
    if (cves.size() < 2) {
      out.push_back(hit);
      continue;
    }
    for (std::string& cve : cves)
      out.push_back({hit.advisory, hit.entry, std::move(cve), hit.origin});
  }
  return out;
}

std::vector<HitGroup> GroupHits(const std::vector<MatchHit>& hits) {
  UnionFind sets(hits.size());
  absl::flat_hash_map<absl::string_view, size_t> owner;  // id -> first hit joining through it
  for (size_t i = 0; i < hits.size(); ++i) {
    for (absl::string_view id : JoiningIds(hits[i])) {
      if (id.empty()) continue;
      auto [it, inserted] = owner.try_emplace(id, i);
      if (!inserted) sets.Union(it->second, i);
    }
  }
  std::vector<HitGroup> groups;
  absl::flat_hash_map<size_t, size_t> group_of_root;
  for (size_t i = 0; i < hits.size(); ++i) {
    auto [it, inserted] = group_of_root.try_emplace(sets.Find(i), groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].hits.push_back(i);
  }
  for (HitGroup& group : groups) NameGroup(hits, group);
  return groups;
}

}  // namespace moat::vulndb
