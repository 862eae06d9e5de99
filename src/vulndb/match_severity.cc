#include "vulndb/match_severity.h"

#include <optional>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/severity.h"
#include "vulndb/cvss.h"

namespace moat::vulndb {
namespace {

bool Rated(absl::string_view severity) { return SeverityRank(severity) != kUnknownRank; }

struct Label {
  std::string severity;
  std::string source;
};

// The first rating of the inputs: an OS entry's vendor rating, else an advisory's own.
std::optional<Label> FirstLabel(const std::vector<SeverityInput>& inputs) {
  for (const SeverityInput& in : inputs) {
    if (Rated(in.entry->vendor_severity))
      return Label{in.entry->vendor_severity, in.advisory->source};
  }
  for (const SeverityInput& in : inputs) {
    if (Rated(in.advisory->severity)) return Label{in.advisory->severity, in.advisory->source};
  }
  return std::nullopt;
}

int VersionRank(absl::string_view version) {
  if (version == "3.1") return 0;
  if (version == "4.0") return 1;
  if (version == "3.0") return 2;
  return 3;
}

struct Scored {
  CvssResult result;
  std::string vector;
  std::string source;
};

std::optional<Scored> BestVector(const std::vector<SeverityInput>& inputs,
                                 absl::string_view label_source, CvssCache& cache) {
  std::optional<Scored> best;
  auto key = [&](const Scored& s) {
    int source_rank = s.source == label_source ? 0 : s.source == "nvd" ? 1 : 2;
    return std::make_tuple(VersionRank(CvssVersionName(s.result.version)), source_rank,
                           -s.result.base_score, s.vector);
  };
  for (const SeverityInput& in : inputs) {
    for (const CvssScore& cvss : in.advisory->cvss) {
      const CvssResult* result = cache.Score(cvss.vector);
      if (result == nullptr) continue;
      Scored candidate{*result, cvss.vector,
                       cvss.source.empty() ? in.advisory->source : cvss.source};
      if (!best || key(candidate) < key(*best)) best = std::move(candidate);
    }
  }
  return best;
}

std::string CvssSeverityWord(const CvssResult& result) {
  return result.severity == "none" ? "negligible" : result.severity;
}

}  // namespace

const CvssResult* CvssCache::Score(const std::string& vector) {
  auto it = scores_.find(vector);
  if (it == scores_.end()) {
    absl::StatusOr<CvssResult> result = ScoreCvss(vector);
    it = scores_.emplace(vector, result.ok() ? std::optional<CvssResult>(*result) : std::nullopt)
             .first;
  }
  return it->second ? &*it->second : nullptr;
}

SeverityChoice ChooseSeverity(const std::vector<SeverityInput>& inputs, bool os_package,
                              CvssCache* cache) {
  CvssCache local;
  CvssCache& scores = cache != nullptr ? *cache : local;
  SeverityChoice out;
  std::optional<Label> label = FirstLabel(inputs);
  if (label) out.vendor_severity = label->severity;
  std::optional<Scored> vector = BestVector(inputs, label ? label->source : "", scores);
  if (vector) {
    out.cvss_score = vector->result.base_score;
    out.cvss_vector = vector->vector;
  }
  if (os_package && label) {
    out.severity = label->severity;
    out.severity_source = absl::StrCat("vendor:", label->source);
  } else if (vector) {
    out.severity = CvssSeverityWord(vector->result);
    out.severity_source = absl::StrCat("cvss:", CvssVersionName(vector->result.version));
  } else if (label) {
    out.severity = label->severity;
    out.severity_source = absl::StrCat("feed:", label->source);
  } else {
    out.severity = "unknown";
  }
  return out;
}

}  // namespace moat::vulndb
