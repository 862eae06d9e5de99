#include "scanjob/registry_listing.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json.h"
#include "common/sha256.h"
#include "common/status.h"
#include "image/limits.h"
#include "image/registry_http.h"

namespace moat::scanjob {
namespace {

constexpr size_t kMaxPageBytes = size_t{8} << 20;
constexpr int kPageSize = 1000;

absl::StatusCode CodeFor(int status) {
  if (status == 401 || status == 403) return absl::StatusCode::kPermissionDenied;
  if (status == 404) return absl::StatusCode::kNotFound;
  if (status == 429) return absl::StatusCode::kResourceExhausted;
  if (status >= 500) return absl::StatusCode::kUnavailable;
  return absl::StatusCode::kFailedPrecondition;
}

absl::Status HttpError(platform::HttpResponse& response, absl::string_view what) {
  return absl::Status(CodeFor(response.status_code()),
                      absl::StrCat(what, ": ", image::DescribeHttpError(response)));
}

// One page: its entries appended to `out`; returns the next page's URL or "".
absl::StatusOr<std::string> ReadPage(image::RegistryClient& client, const std::string& url,
                                     absl::string_view field, absl::string_view what,
                                     std::vector<std::string>* out) {
  platform::HttpRequest request;
  request.url = url;
  MOAT_ASSIGN_OR_RETURN(auto response, client.Send(request));
  if (response->status_code() != 200) return HttpError(*response, what);
  MOAT_ASSIGN_OR_RETURN(std::string body, platform::ReadAll(response->body(), kMaxPageBytes, what));
  MOAT_ASSIGN_OR_RETURN(Json page, ParseJson(body, what));
  if (!page.is_object()) return absl::DataLossError(absl::StrCat(what, ": not a JSON object"));
  for (std::string& entry : JsonStringArray(page, field)) {
    if (out->size() >= kMaxListEntries) {
      return absl::ResourceExhaustedError(
          absl::StrCat(what, ": more than ", kMaxListEntries, " entries"));
    }
    out->push_back(std::move(entry));
  }
  return NextLink(response->Header("Link"));
}

}  // namespace

std::string NextLink(absl::string_view link) {
  for (absl::string_view part : absl::StrSplit(link, ',')) {
    part = absl::StripAsciiWhitespace(part);
    size_t open = part.find('<');
    size_t close = part.find('>');
    if (open != 0 || close == absl::string_view::npos) continue;
    absl::string_view params = part.substr(close + 1);
    if (absl::StrContains(params, "rel=\"next\"") || absl::StrContains(params, "rel=next")) {
      return std::string(part.substr(1, close - 1));
    }
  }
  return "";
}

absl::StatusOr<std::vector<std::string>> ListPaged(image::RegistryClient& client,
                                                   const std::string& url, absl::string_view field,
                                                   absl::string_view what) {
  std::vector<std::string> entries;
  std::string next = url;
  for (int page = 0; !next.empty(); ++page) {
    if (page >= kMaxListPages) {
      return absl::ResourceExhaustedError(
          absl::StrCat(what, ": more than ", kMaxListPages, " pages"));
    }
    MOAT_ASSIGN_OR_RETURN(next, ReadPage(client, next, field, what, &entries));
  }
  return entries;
}

absl::StatusOr<std::vector<std::string>> ListTags(image::RegistryClient& client) {
  std::string url = absl::StrCat("/v2/", client.repository(), "/tags/list?n=", kPageSize);
  MOAT_ASSIGN_OR_RETURN(
      std::vector<std::string> tags,
      ListPaged(client, url, "tags", absl::StrCat("listing the tags of ", client.repository())));
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  return tags;
}

absl::StatusOr<std::string> ResolveTagDigest(image::RegistryClient& client,
                                             const std::string& tag) {
  std::string what = absl::StrCat("resolving ", client.repository(), ":", tag);
  platform::HttpRequest head;
  head.method = "HEAD";
  head.url = absl::StrCat("/v2/", client.repository(), "/manifests/", tag);
  head.headers.emplace_back("Accept", std::string(image::kManifestAccept));
  MOAT_ASSIGN_OR_RETURN(auto response, client.Send(head));
  if (response->status_code() != 200) return HttpError(*response, what);
  std::string digest = response->Header("Docker-Content-Digest");
  if (IsValidSha256Digest(digest)) return digest;
  // Some registries leave the header out of HEAD answers: fetch the manifest and hash it.
  MOAT_ASSIGN_OR_RETURN(image::FetchedManifest manifest,
                        client.FetchManifest(tag, image::ScanLimits().max_manifest_size, what));
  return manifest.digest;
}

}  // namespace moat::scanjob
