#include "vulndb/match_merge.h"

#include <algorithm>
#include <numeric>

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

// Appends the ids through which a hit joins others (views into the hit).
void AppendJoiningIds(const MatchHit& hit, std::vector<absl::string_view>& ids) {
  if (!hit.cve.empty()) {
    ids.push_back(hit.cve);
    return;
  }
  ids.push_back(hit.advisory->id);
  for (const std::string& alias : hit.advisory->aliases) {
    if (!alias.empty()) ids.push_back(alias);
  }
}

// Whether the advisory names two or more distinct CVEs (a bundle).
bool IsBundle(const Advisory& advisory) {
  absl::string_view first;
  auto distinct = [&](absl::string_view id) {
    if (!IsCve(id)) return false;
    if (first.empty()) first = id;
    return id != first;
  };
  if (distinct(advisory.id)) return true;
  for (const std::string& alias : advisory.aliases) {
    if (distinct(alias)) return true;
  }
  return false;
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
    size_t start = joining.size();
    AppendJoiningIds(hit, joining);
    all.insert(all.end(), joining.begin() + start, joining.end());
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
    if (!hit.cve.empty() || !IsBundle(*hit.advisory)) {
      out.push_back(hit);
      continue;
    }
    std::vector<std::string> cves = CveIds(*hit.advisory);
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
  // (id, hit) for every joining id, sorted: the hits sharing an id are adjacent.
  std::vector<absl::string_view> ids;
  std::vector<std::pair<absl::string_view, size_t>> owners;
  for (size_t i = 0; i < hits.size(); ++i) {
    ids.clear();
    AppendJoiningIds(hits[i], ids);
    for (absl::string_view id : ids) {
      if (!id.empty()) owners.emplace_back(id, i);
    }
  }
  std::sort(owners.begin(), owners.end());
  for (size_t k = 1; k < owners.size(); ++k) {
    if (owners[k].first == owners[k - 1].first) sets.Union(owners[k - 1].second, owners[k].second);
  }
  std::vector<HitGroup> groups;
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> group_of_root(hits.size(), kNone);
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t& group = group_of_root[sets.Find(i)];
    if (group == kNone) {
      group = groups.size();
      groups.emplace_back();
    }
    groups[group].hits.push_back(i);
  }
  for (HitGroup& group : groups) NameGroup(hits, group);
  return groups;
}

}  // namespace moat::vulndb
