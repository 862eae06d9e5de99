// Test helpers for the feed importers: a sink that keeps everything it is given, imports of
// fixture directories, and compact renderings of ranges for exact assertions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "platform/file_system.h"
#include "testing/paths.h"
#include "vulndb/feed_import.h"

namespace moat::vulndb::testutil {

class CollectingSink : public AdvisorySink {
 public:
  void Add(Advisory advisory) override { advisories.push_back(std::move(advisory)); }
  void Malformed(const std::string& file, const std::string& reason) override {
    malformed.push_back({file, reason});
  }

  // The last advisory with `id` (and `source` when given); nullptr when there is none.
  const Advisory* Find(absl::string_view id, absl::string_view source = "") const {
    const Advisory* found = nullptr;
    for (const Advisory& a : advisories) {
      if (a.id == id && (source.empty() || a.source == source)) found = &a;
    }
    return found;
  }
  // "<file base name>: <reason>" of every Malformed call, in order.
  std::vector<std::string> MalformedLines() const {
    std::vector<std::string> out;
    for (const auto& [file, reason] : malformed) {
      out.push_back(absl::StrCat(file.substr(file.rfind('/') + 1), ": ", reason));
    }
    return out;
  }

  std::vector<Advisory> advisories;
  std::vector<std::pair<std::string, std::string>> malformed;
};

struct FixtureImport {
  CollectingSink sink;
  std::vector<ImportStats> stats;
};

// Imports tests/fixtures/feeds/<relative> (a file or directory).
inline FixtureImport ImportFixture(const std::string& relative) {
  FixtureImport out;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, moat::testing::FixturePath("feeds/" + relative), &out.sink);
  if (stats.ok()) out.stats = *std::move(stats);
  return out;
}

inline const ImportStats* StatsFor(const std::vector<ImportStats>& stats,
                                   absl::string_view source) {
  for (const ImportStats& s : stats) {
    if (s.source == source) return &s;
  }
  return nullptr;
}

// The entry for (ecosystem, distro, package); nullptr when there is none.
inline const AffectedPackage* FindAffected(const Advisory& advisory, absl::string_view ecosystem,
                                           absl::string_view distro, absl::string_view package) {
  for (const AffectedPackage& a : advisory.affected) {
    if (a.ecosystem == ecosystem && a.distro == distro && a.package == package) return &a;
  }
  return nullptr;
}

// "introduced 0, fixed 1.2.3" — the events of one range.
inline std::string Events(const VersionRange& range) {
  static constexpr const char* kNames[] = {"introduced", "fixed", "last_affected", "limit"};
  std::vector<std::string> parts;
  for (const RangeEvent& e : range.events) {
    parts.push_back(absl::StrCat(kNames[static_cast<int>(e.kind)], " ", e.version));
  }
  return absl::StrJoin(parts, ", ");
}

// Every range of an entry: "[introduced 0, fixed 1] [introduced 2]".
inline std::string AllEvents(const AffectedPackage& affected) {
  std::vector<std::string> parts;
  for (const VersionRange& r : affected.ranges) parts.push_back(absl::StrCat("[", Events(r), "]"));
  return absl::StrJoin(parts, " ");
}

}  // namespace moat::vulndb::testutil
