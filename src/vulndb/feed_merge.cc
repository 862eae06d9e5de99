#include "vulndb/feed_merge.h"

#include <algorithm>
#include <utility>

namespace moat::vulndb {
namespace {

int Priority(FixState state) {
  switch (state) {
    case FixState::kFixed:
      return 4;
    case FixState::kNotAffected:
      return 3;
    case FixState::kWillNotFix:
      return 2;
    case FixState::kEndOfLife:
      return 1;
    case FixState::kUnfixed:
      return 0;
  }
  return 0;
}

bool SameRange(const VersionRange& a, const VersionRange& b) {
  if (a.type != b.type || a.events.size() != b.events.size()) return false;
  for (size_t i = 0; i < a.events.size(); ++i) {
    if (a.events[i].kind != b.events[i].kind || a.events[i].version != b.events[i].version) {
      return false;
    }
  }
  return true;
}

}  // namespace

void AddAffected(std::vector<AffectedPackage>& list, AffectedPackage entry) {
  auto same = std::find_if(list.begin(), list.end(), [&](const AffectedPackage& a) {
    return !entry.distro.empty() && a.ecosystem == entry.ecosystem && a.distro == entry.distro &&
           a.package == entry.package;
  });
  if (same == list.end()) {
    list.push_back(std::move(entry));
    return;
  }
  if (Priority(entry.state) > Priority(same->state)) {
    *same = std::move(entry);
    return;
  }
  if (Priority(entry.state) < Priority(same->state)) return;
  for (VersionRange& r : entry.ranges) {
    auto it = std::find_if(same->ranges.begin(), same->ranges.end(),
                           [&](const VersionRange& have) { return SameRange(have, r); });
    if (it == same->ranges.end()) same->ranges.push_back(std::move(r));
  }
  for (std::string& v : entry.versions) {
    if (std::find(same->versions.begin(), same->versions.end(), v) == same->versions.end()) {
      same->versions.push_back(std::move(v));
    }
  }
  if (same->vendor_severity.empty()) same->vendor_severity = std::move(entry.vendor_severity);
}

}  // namespace moat::vulndb
