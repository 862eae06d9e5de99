#include "vulndb/advisory_merge.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace moat::vulndb {
namespace {

std::optional<absl::Time> ParseTimestamp(absl::string_view text) {
  absl::Time t;
  std::string error;
  for (const char* format : {absl::RFC3339_full, "%Y-%m-%dT%H:%M:%E*S", "%Y-%m-%d"}) {
    if (absl::ParseTime(format, text, &t, &error)) return t;
  }
  return std::nullopt;
}

template <typename T, typename KeyFn>
void Union(std::vector<T>& into, std::vector<T> more, KeyFn key) {
  absl::flat_hash_set<std::string> seen;
  for (const T& item : into) seen.insert(key(item));
  for (T& item : more) {
    if (seen.insert(key(item)).second) into.push_back(std::move(item));
  }
}

std::string AffectedKey(const AffectedPackage& a) {
  return absl::StrCat(a.ecosystem, "\n", a.distro, "\n", a.package);
}

void KeepFirst(std::string& kept, std::string& incoming) {
  if (kept.empty()) kept = std::move(incoming);
}

}  // namespace

int CompareTimestamps(absl::string_view a, absl::string_view b) {
  auto ta = ParseTimestamp(a);
  auto tb = ParseTimestamp(b);
  if (ta && tb) return *ta < *tb ? -1 : (*ta > *tb ? 1 : 0);
  return a.compare(b);
}

void MergeAdvisory(Advisory& kept, Advisory incoming) {
  if (!kept.modified.empty() && !incoming.modified.empty()) {
    int order = CompareTimestamps(incoming.modified, kept.modified);
    if (order > 0) kept = std::move(incoming);
    if (order != 0) return;
  }
  // Parts of one advisory: later affected entries replace earlier ones for the same package.
  absl::flat_hash_set<std::string> replaced;
  for (const AffectedPackage& a : incoming.affected) replaced.insert(AffectedKey(a));
  std::erase_if(kept.affected,
                [&](const AffectedPackage& a) { return replaced.contains(AffectedKey(a)); });
  for (AffectedPackage& a : incoming.affected) kept.affected.push_back(std::move(a));
  auto same = [](const std::string& s) { return s; };
  Union(kept.aliases, std::move(incoming.aliases), same);
  Union(kept.references, std::move(incoming.references), same);
  Union(kept.cvss, std::move(incoming.cvss),
        [](const CvssScore& c) { return absl::StrCat(c.version, "\n", c.vector, "\n", c.source); });
  KeepFirst(kept.summary, incoming.summary);
  KeepFirst(kept.details, incoming.details);
  KeepFirst(kept.severity, incoming.severity);
  KeepFirst(kept.published, incoming.published);
  KeepFirst(kept.modified, incoming.modified);
  // A part that is not withdrawn keeps the advisory: better a report than a silent miss.
  kept.withdrawn = kept.withdrawn && incoming.withdrawn;
}

void AdvisoryCollector::Add(Advisory advisory) {
  ++added_;
  std::string key = absl::StrCat(advisory.source, std::string(1, '\0'), advisory.id);
  auto [it, inserted] = index_.try_emplace(std::move(key), advisories_.size());
  if (inserted) {
    advisories_.push_back(std::move(advisory));
    return;
  }
  ++merged_;
  MergeAdvisory(advisories_[it->second], std::move(advisory));
}

std::vector<Advisory> AdvisoryCollector::Take() {
  std::vector<Advisory> out = std::move(advisories_);
  advisories_.clear();
  index_.clear();
  std::erase_if(out, [](const Advisory& a) { return a.withdrawn || a.affected.empty(); });
  std::sort(out.begin(), out.end(), [](const Advisory& a, const Advisory& b) {
    return std::tie(a.source, a.id) < std::tie(b.source, b.id);
  });
  return out;
}

}  // namespace moat::vulndb
