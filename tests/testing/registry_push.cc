#include "testing/registry_push.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "image/registry_http.h"

namespace moat::testing {
namespace {

absl::Status Expect(platform::HttpResponse& response, int status, absl::string_view what) {
  if (response.status_code() == status) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", image::DescribeHttpError(response)));
}

}  // namespace

absl::Status PushBlob(image::RegistryClient& client, const RegistryBlob& blob) {
  std::string what = absl::StrCat("pushing blob ", blob.digest);
  platform::HttpRequest head;
  head.method = "HEAD";
  head.url = absl::StrCat("/v2/", client.repository(), "/blobs/", blob.digest);
  MOAT_ASSIGN_OR_RETURN(auto exists, client.Send(head, "pull,push"));
  if (exists->status_code() == 200) return absl::OkStatus();
  platform::HttpRequest start;
  start.method = "POST";
  start.url = absl::StrCat("/v2/", client.repository(), "/blobs/uploads/");
  MOAT_ASSIGN_OR_RETURN(auto started, client.Send(start, "pull,push"));
  MOAT_RETURN_IF_ERROR(Expect(*started, 202, what));
  std::string location = started->Header("Location");
  platform::HttpRequest put;
  put.method = "PUT";
  put.url =
      absl::StrCat(location, absl::StrContains(location, '?') ? "&" : "?", "digest=", blob.digest);
  put.headers.emplace_back("Content-Type", "application/octet-stream");
  put.body = blob.bytes;
  MOAT_ASSIGN_OR_RETURN(auto done, client.Send(put, "pull,push"));
  return Expect(*done, 201, what);
}

absl::Status PushManifest(image::RegistryClient& client, const std::string& reference,
                          const RegistryBlob& manifest) {
  platform::HttpRequest put;
  put.method = "PUT";
  put.url = absl::StrCat("/v2/", client.repository(), "/manifests/", reference);
  put.headers.emplace_back("Content-Type", manifest.media_type);
  put.body = manifest.bytes;
  MOAT_ASSIGN_OR_RETURN(auto done, client.Send(put, "pull,push"));
  return Expect(*done, 201, absl::StrCat("pushing manifest ", reference));
}

absl::Status PushImage(image::RegistryClient& client, const std::string& tag,
                       const RegistryImage& image) {
  for (const RegistryBlob& blob : BlobsOf(image)) MOAT_RETURN_IF_ERROR(PushBlob(client, blob));
  return PushManifest(client, tag, image.manifest);
}

}  // namespace moat::testing
