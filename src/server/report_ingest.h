// Turns a Moat JSON report (docs/formats/scan-json.md) into the center's image row: identity,
// repository and tags, and the risk summary per category and severity.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json.h"
#include "store/store.h"

namespace moat::server {

// The image row of `report` with the given type ("registry", "ci-cd", "runtime"). Errors name
// the field (the risk comes from scanjob::RiskFromReport): a report without schemaVersion 1,
// without an image digest or image ID, or with fields of the wrong type is InvalidArgument.
absl::StatusOr<store::ImageRecord> ImageFromReport(const Json& report, absl::string_view type);

// Splits "host:5000/team/app:1.4" into repository "host:5000/team/app" and tag "1.4"; a name
// with a digest ("app@sha256:…") or without a tag has tag "".
void SplitRepoTag(absl::string_view name, std::string* repository, std::string* tag);

}  // namespace moat::server
