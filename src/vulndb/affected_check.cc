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
absl::string_view Canonical(const VersionScheme& scheme, absl::string_view version) {
  if (scheme.name() == "semver" &&
      (absl::StartsWith(version, "v") || absl::StartsWith(version, "V"))) {
    return version.substr(1);
  }
  return version;
}

struct Event {
  RangeEvent::Kind kind;
  absl::string_view version;  // canonical; "" for introduced "0" and limit "*"
  int installed = 0;          // the installed version against this one: <0, 0, >0
};

int KindRank(RangeEvent::Kind kind) { return kind == RangeEvent::Kind::kIntroduced ? 0 : 1; }

// Evaluates the ranges of one scheme against one installed version, which is validated once.
class RangeEvaluator {
 public:
  RangeEvaluator(const VersionScheme& scheme, absl::string_view installed, AffectedCheck& out)
      : scheme_(scheme), installed_(Canonical(scheme, installed)), out_(out) {}

  // Whether the installed version is inside `range`; nullopt when something is not comparable.
  std::optional<bool> Evaluate(const VersionRange& range) {
    events_.clear();
    bool compared = false;
    bool ok = true;
    for (const RangeEvent& e : range.events) {
      bool open = (e.kind == RangeEvent::Kind::kIntroduced && e.version == "0") ||
                  (e.kind == RangeEvent::Kind::kLimit && e.version == "*");
      Event& event = events_.emplace_back();
      event.kind = e.kind;
      if (open) {
        event.installed = 1;
        continue;
      }
      // Comparing validates both versions (every scheme's Compare fails exactly when Validate
      // does); which one is invalid is worked out only when one is.
      event.version = Canonical(scheme_, e.version);
      event.installed = CompareVersions(installed_, event.version, &ok);
      compared = true;
    }
    if (!ok) return Invalid();
    if (!compared && !InstalledValid()) return std::nullopt;
    auto before = [&](const Event& a, const Event& b) {
      int c = Compare(a, b, &ok);
      return c != 0 ? c < 0 : KindRank(a.kind) < KindRank(b.kind);
    };
    // Feeds write events in order nearly always; sorting a sorted list changes nothing.
    if (!std::is_sorted(events_.begin(), events_.end(), before)) {
      std::stable_sort(events_.begin(), events_.end(), before);
    }
    if (!ok) return std::nullopt;
    bool within = BeforeLimits();
    bool vulnerable = Walk();
    CollectFixed();
    return within && vulnerable;
  }

 private:
  // Records why a comparison failed: the first invalid event, else the installed version.
  std::optional<bool> Invalid() {
    for (const Event& e : events_) {
      if (!e.version.empty() && !Valid(e.version)) return std::nullopt;
    }
    InstalledValid();
    return std::nullopt;
  }

  bool Valid(absl::string_view version) {
    absl::Status status = scheme_.Validate(version);
    if (!status.ok() && out_.skip_reason.empty()) {
      out_.skip_reason =
          absl::StrCat(scheme_.name(), " version \"", version, "\": ", status.message());
    }
    return status.ok();
  }

  bool InstalledValid() {
    if (!installed_valid_) installed_valid_ = Valid(installed_);
    return *installed_valid_;
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

  int CompareVersions(absl::string_view a, absl::string_view b, bool* ok) {
    absl::StatusOr<int> c = scheme_.Compare(a, b);
    if (!c.ok()) {
      *ok = false;
      return 0;
    }
    return *c;
  }

  // Installed < some limit (an open limit is infinite); true without limits.
  bool BeforeLimits() const {
    bool any = false;
    for (const Event& e : events_) {
      if (e.kind != RangeEvent::Kind::kLimit) continue;
      any = true;
      if (e.version.empty() || e.installed < 0) return true;
    }
    return !any;
  }

  bool Walk() const {
    bool vulnerable = false;
    for (const Event& e : events_) {
      switch (e.kind) {
        case RangeEvent::Kind::kIntroduced:
          if (e.installed >= 0) vulnerable = true;
          break;
        case RangeEvent::Kind::kFixed:
          if (e.installed >= 0) vulnerable = false;
          break;
        case RangeEvent::Kind::kLastAffected:
          if (e.installed > 0) vulnerable = false;
          break;
        case RangeEvent::Kind::kLimit:
          break;
      }
    }
    return vulnerable;
  }

  void CollectFixed() {
    for (const Event& e : events_) {
      if (e.kind != RangeEvent::Kind::kFixed || e.version.empty()) continue;
      if (e.installed < 0) out_.fixed_above.emplace_back(e.version);
    }
  }

  const VersionScheme& scheme_;
  absl::string_view installed_;
  std::optional<bool> installed_valid_;
  AffectedCheck& out_;
  std::vector<Event> events_;
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
  std::optional<RangeEvaluator> evaluators[2];  // per range type
  for (const VersionRange& range : entry.ranges) {
    bool semver = range.type == VersionRange::Type::kSemver;
    const VersionScheme* scheme = semver ? rules.semver : rules.ecosystem;
    if (scheme == nullptr) {
      Skip(out, absl::StrCat("no version scheme for ", semver ? "semver" : entry.ecosystem));
      continue;
    }
    int before = out.skipped;
    std::optional<RangeEvaluator>& evaluator = evaluators[semver ? 1 : 0];
    if (!evaluator) evaluator.emplace(*scheme, installed, out);
    std::optional<bool> inside = evaluator->Evaluate(range);
    if (!inside) {
      if (out.skipped == before) ++out.skipped;
      continue;
    }
    out.affected = out.affected || *inside;
  }
  return out;
}

}  // namespace moat::vulndb
