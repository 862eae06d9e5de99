#include "vulndb/cvss_metrics.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace moat::vulndb::cvss_internal {
namespace {

// Long enough for any real vector (v4 with every metric is ~250 characters).
constexpr size_t kMaxVectorLength = 1024;
constexpr size_t kMaxQuotedLength = 100;

// The allowed value of `spec` equal to `value`, as a view into the static table; "" if none.
absl::string_view AllowedValue(const MetricSpec& spec, absl::string_view value) {
  for (absl::string_view allowed : absl::StrSplit(spec.values, '|')) {
    if (allowed == value) return allowed;
  }
  return {};
}

int FindSpec(absl::Span<const MetricSpec> specs, absl::string_view name) {
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Quote(absl::string_view text) {
  if (text.size() <= kMaxQuotedLength) return absl::StrCat("\"", absl::CHexEscape(text), "\"");
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMaxQuotedLength)), "...\"");
}

}  // namespace

absl::string_view Metrics::Get(absl::string_view name) const {
  int index = FindSpec(specs_, name);
  if (index < 0 || values_[index].empty()) return "X";
  return values_[index];
}

absl::Status VectorError(absl::string_view vector, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid CVSS vector ", Quote(vector), ": ", reason));
}

absl::StatusOr<Metrics> ParseMetrics(absl::string_view vector, absl::string_view body,
                                     absl::Span<const MetricSpec> specs) {
  if (vector.size() > kMaxVectorLength) return VectorError(vector, "too long");
  std::vector<absl::string_view> values(specs.size());
  for (absl::string_view part : absl::StrSplit(body, '/')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(part, absl::MaxSplits(':', 1));
    if (part.find(':') == absl::string_view::npos || kv.first.empty()) {
      return VectorError(vector, absl::StrCat("metric ", Quote(part), " is not NAME:VALUE"));
    }
    int index = FindSpec(specs, kv.first);
    if (index < 0) return VectorError(vector, absl::StrCat("unknown metric ", Quote(kv.first)));
    if (!values[index].empty()) {
      return VectorError(vector, absl::StrCat("duplicate metric ", specs[index].name));
    }
    absl::string_view allowed = AllowedValue(specs[index], kv.second);
    if (allowed.empty()) {
      return VectorError(
          vector, absl::StrCat("metric ", specs[index].name, " has invalid value ",
                               Quote(kv.second), " (valid: ",
                               absl::StrJoin(absl::StrSplit(specs[index].values, '|'), ", "), ")"));
    }
    values[index] = allowed;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && values[i].empty()) {
      return VectorError(vector, absl::StrCat("missing base metric ", specs[i].name));
    }
  }
  return Metrics(specs, std::move(values));
}

}  // namespace moat::vulndb::cvss_internal
