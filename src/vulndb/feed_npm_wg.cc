#include "vulndb/feed_npm_wg.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_npm_range.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kSource = "npm-wg";

bool NoPatch(absl::string_view patched) {
  patched = absl::StripAsciiWhitespace(patched);
  return patched.empty() || patched == "<0.0.0" || patched == "<=0.0.0";
}

// Texts, dates, references and CVSS: wrong types are ignored (they carry no matching data).
void ParseDescription(const Json& doc, Advisory* out) {
  out->summary = CutText(JsonString(doc, "title"), kMaxSummaryBytes);
  out->details = CutText(JsonString(doc, "overview"), kMaxDetailsBytes);
  std::string published = JsonString(doc, "publish_date", JsonString(doc, "created_at"));
  out->published = DateToTimestamp(CutText(published, 64));
  out->modified = DateToTimestamp(CutText(JsonString(doc, "updated_at"), 64));
  for (std::string& url : JsonStringArray(doc, "references")) {
    if (out->references.size() < 512 && url.size() <= 2048) out->references.push_back(url);
  }
  std::string vector = JsonString(doc, "cvss_vector");
  if (!vector.empty() && vector.size() <= kMaxFeedIdBytes) {
    CvssScore score = CvssFromVector(vector, kSource);
    const Json* number = JsonField(doc, "cvss_score");
    if (number != nullptr && number->is_number()) score.base_score = number->get<double>();
    out->cvss.push_back(std::move(score));
  }
}

}  // namespace

bool LooksLikeNpmWg(const Json& doc) {
  return doc.is_object() && JsonField(doc, "module_name") != nullptr &&
         JsonField(doc, "vulnerable_versions") != nullptr;
}

void ParseNpmWg(const Json& doc, FeedOutput* out) {
  std::optional<int64_t> number = JsonInt(doc, "id");
  if (!number || *number <= 0) return out->Malformed(kSource, "npm advisory has no numeric id");
  Advisory advisory;
  advisory.id = absl::StrCat("NSWG-ECO-", *number);
  advisory.source = std::string(kSource);
  const Json* name = JsonField(doc, "module_name");
  const Json* vulnerable = JsonField(doc, "vulnerable_versions");
  if (!name->is_string() || !IsFeedToken(name->get_ref<const std::string&>(), kMaxFeedNameBytes)) {
    return out->Malformed(kSource, absl::StrCat(advisory.id, ": invalid module_name"));
  }
  if (!vulnerable->is_string() || vulnerable->get_ref<const std::string&>().empty() ||
      vulnerable->get_ref<const std::string&>().size() > kMaxFeedIdBytes) {
    return out->Malformed(kSource, absl::StrCat(advisory.id, ": invalid vulnerable_versions"));
  }
  const Json* cves = JsonField(doc, "cves");
  if (cves != nullptr && !cves->is_null()) {
    if (!cves->is_array())
      return out->Malformed(kSource, absl::StrCat(advisory.id, ": cves is not an array"));
    for (const Json& cve : *cves) {
      if (!cve.is_string()) {
        return out->Malformed(kSource, absl::StrCat(advisory.id, ": cves has a non-string"));
      }
      if (IsFeedId(cve.get_ref<const std::string&>()))
        AddUnique(advisory.aliases, cve.get<std::string>());
    }
  }
  ParseDescription(doc, &advisory);
  NpmRangeEvents events = ConvertNpmRange(vulnerable->get_ref<const std::string&>());
  AffectedPackage affected;
  affected.ecosystem = "npm";
  affected.package = name->get<std::string>();
  affected.ranges = std::move(events.ranges);
  affected.versions = std::move(events.versions);
  affected.state =
      NoPatch(JsonString(doc, "patched_versions")) ? FixState::kUnfixed : FixState::kFixed;
  advisory.affected.push_back(std::move(affected));
  out->Record(std::move(advisory));
}

}  // namespace moat::vulndb
