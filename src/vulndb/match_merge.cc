#include "vulndb/match_merge.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"

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

// The ids through which a hit joins others.
std::vector<std::string> JoiningIds(const MatchHit& hit) {
  if (!hit.cve.empty()) return {hit.cve};
  std::vector<std::string> ids = {hit.advisory->id};
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
int IdClass(const std::string& id) { return IsCve(id) ? 0 : absl::StartsWith(id, "GHSA-") ? 1 : 2; }

std::string PrimaryId(const std::vector<std::string>& ids) {
  return *std::min_element(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
    int ca = IdClass(a), cb = IdClass(b);
    return ca != cb ? ca < cb : a < b;
  });
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
  absl::flat_hash_map<std::string, size_t> owner;  // id -> first hit joining through it
  for (size_t i = 0; i < hits.size(); ++i) {
    for (std::string& id : JoiningIds(hits[i])) {
      if (id.empty()) continue;
      auto [it, inserted] = owner.try_emplace(std::move(id), i);
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
  for (HitGroup& group : groups) {
    std::vector<std::string> joining;
    std::vector<std::string> all;
    for (size_t i : group.hits) {
      const MatchHit& hit = hits[i];
      std::vector<std::string> ids = JoiningIds(hit);
      joining.insert(joining.end(), ids.begin(), ids.end());
      all.insert(all.end(), ids.begin(), ids.end());
      all.push_back(hit.advisory->id);
      if (!hit.cve.empty()) {
        for (const std::string& alias : hit.advisory->aliases) {
          if (!IsCve(alias)) all.push_back(alias);
        }
      }
    }
    group.id = PrimaryId(joining);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (std::string& id : all) {
      if (id != group.id && !id.empty()) group.aliases.push_back(std::move(id));
    }
  }
  return groups;
}

}  // namespace moat::vulndb
