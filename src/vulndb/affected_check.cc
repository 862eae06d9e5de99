#include "vulndb/affected_check.h"

#include <algorithm>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kNpmRangePrefix = "npm-range:";

// Versions as the scheme reads them: SEMVER ranges of Go advisories say "1.20.3" where Go (and
// the inventory) say "v1.20.3".
std::string Canonical(const VersionScheme& scheme, absl::string_view version) {
  if (scheme.name() == "semver" &&
      (absl::StartsWith(version, "v") || absl::StartsWith(version, "V"))) {
    return std::string(version.substr(1));
  }
  return std::string(version);
}

struct Event {
  RangeEvent::Kind kind;
  std::string version;  // canonical; "" for introduced "0" and limit "*"
};

int KindRank(RangeEvent::Kind kind) { return kind == RangeEvent::Kind::kIntroduced ? 0 : 1; }

class RangeEvaluator {
 public:
  RangeEvaluator(const VersionScheme& scheme, absl::string_view installed, AffectedCheck& out)
      : scheme_(scheme), installed_(Canonical(scheme, installed)), out_(out) {}

  // Whether the installed version is inside `range`; nullopt when something is not comparable.
  std::optional<bool> Evaluate(const VersionRange& range) {
    std::vector<Event> events;
    for (const RangeEvent& e : range.events) {
      bool open = (e.kind == RangeEvent::Kind::kIntroduced && e.version == "0") ||
                  (e.kind == RangeEvent::Kind::kLimit && e.version == "*");
      events.push_back({e.kind, open ? "" : Canonical(scheme_, e.version)});
      if (!open && !Valid(events.back().version)) return std::nullopt;
    }
    if (!Valid(installed_)) return std::nullopt;
    bool ok = true;
    std::stable_sort(events.begin(), events.end(), [&](const Event& a, const Event& b) {
      int c = Compare(a, b, &ok);
      return c != 0 ? c < 0 : KindRank(a.kind) < KindRank(b.kind);
    });
    std::optional<bool> within = BeforeLimits(events);
    std::optional<bool> vulnerable = Walk(events);
    if (!ok || !within || !vulnerable) return std::nullopt;
    CollectFixed(events);
    return *within && *vulnerable;
  }

 private:
  bool Valid(const std::string& version) {
    absl::Status status = scheme_.Validate(version);
    if (!status.ok() && out_.skip_reason.empty()) {
      out_.skip_reason =
          absl::StrCat(scheme_.name(), " version \"", version, "\": ", status.message());
    }
    return status.ok();
  }

  // <0, 0, >0 between two events; an open introduced sorts first, an open limit last.
  int Compare(const Event& a, const Event& b, bool* ok) {
    if (a.version.empty() || b.version.empty()) {
      auto rank = [](const Event& e) {
        if (!e.version.empty()) return 1;
        return e.kind == RangeEvent::Kind::kLimit ? 2 : 0;
      };
      return rank(a) - rank(b);
    }
    return CompareVersions(a.version, b.version, ok);
  }

  int CompareVersions(const std::string& a, const std::string& b, bool* ok) {
    absl::StatusOr<int> c = scheme_.Compare(a, b);
    if (!c.ok()) {
      *ok = false;
      return 0;
    }
    return *c;
  }

  // Installed < some limit (an open limit is infinite); true without limits.
  std::optional<bool> BeforeLimits(const std::vector<Event>& events) {
    bool any = false;
    bool ok = true;
    for (const Event& e : events) {
      if (e.kind != RangeEvent::Kind::kLimit) continue;
      any = true;
      if (e.version.empty() || CompareVersions(installed_, e.version, &ok) < 0) {
        return ok ? std::optional<bool>(true) : std::nullopt;
      }
    }
    if (!ok) return std::nullopt;
    return !any;
  }

  std::optional<bool> Walk(const std::vector<Event>& events) {
    bool vulnerable = false;
    bool ok = true;
    for (const Event& e : events) {
      int c = e.version.empty() ? 1 : CompareVersions(installed_, e.version, &ok);
      switch (e.kind) {
        case RangeEvent::Kind::kIntroduced:
          if (c >= 0) vulnerable = true;
          break;
        case RangeEvent::Kind::kFixed:
          if (c >= 0) vulnerable = false;
          break;
        case RangeEvent::Kind::kLastAffected:
          if (c > 0) vulnerable = false;
          break;
        case RangeEvent::Kind::kLimit:
          break;
      }
    }
    if (!ok) return std::nullopt;
    return vulnerable;
  }

  void CollectFixed(const std::vector<Event>& events) {
    bool ok = true;
    for (const Event& e : events) {
      if (e.kind != RangeEvent::Kind::kFixed || e.version.empty()) continue;
      if (CompareVersions(e.version, installed_, &ok) > 0 && ok)
        out_.fixed_above.push_back(e.version);
    }
  }

  const VersionScheme& scheme_;
  std::string installed_;
  AffectedCheck& out_;
};

void Skip(AffectedCheck& out, const std::string& reason) {
  ++out.skipped;
  if (out.skip_reason.empty()) out.skip_reason = reason;
}

// Whether `installed` is one of the listed versions, or satisfies a listed npm range.
bool Listed(const AffectedPackage& entry, absl::string_view installed, const VersionRules& rules,
            AffectedCheck& out) {
  bool listed = false;
  for (const std::string& version : entry.versions) {
    absl::string_view range = version;
    if (absl::ConsumePrefix(&range, kNpmRangePrefix)) {
      if (!rules.npm_satisfies) {
        Skip(out, "no npm range evaluator");
        continue;
      }
      absl::StatusOr<bool> satisfied = rules.npm_satisfies(installed, range);
      if (!satisfied.ok()) {
        Skip(out, absl::StrCat("npm range \"", range, "\": ", satisfied.status().message()));
      } else {
        listed = listed || *satisfied;
      }
      continue;
    }
    // String equality, as the OSV evaluation says: lists hold the versions as published, and
    // PyPA lists run to hundreds of entries per record.
    if (version == installed) return true;
  }
  return listed;
}

}  // namespace

AffectedCheck CheckAffected(const AffectedPackage& entry, absl::string_view installed,
                            const VersionRules& rules) {
  AffectedCheck out;
  if (entry.ranges.empty() && entry.versions.empty()) {
    out.affected = entry.state != FixState::kFixed;
    return out;
  }
  out.affected = Listed(entry, installed, rules, out);
  for (const VersionRange& range : entry.ranges) {
    const VersionScheme* scheme =
        range.type == VersionRange::Type::kSemver ? rules.semver : rules.ecosystem;
    if (scheme == nullptr) {
      Skip(out,
           absl::StrCat("no version scheme for ",
                        range.type == VersionRange::Type::kSemver ? "semver" : entry.ecosystem));
      continue;
    }
    int before = out.skipped;
    std::optional<bool> inside = RangeEvaluator(*scheme, installed, out).Evaluate(range);
    if (!inside) {
      if (out.skipped == before) ++out.skipped;
      continue;
    }
    out.affected = out.affected || *inside;
  }
  return out;
}

}  // namespace moat::vulndb
