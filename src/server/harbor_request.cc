#include "server/harbor_request.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/json.h"
#include "common/status.h"
#include "scanjob/registry_connection.h"

namespace moat::server {
namespace {

constexpr size_t kMaxRepositoryBytes = 255;
constexpr size_t kMaxTagBytes = 128;

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat("scan request: ", field, ": ", why));
}

absl::Status WrongType(absl::string_view field, absl::string_view want) {
  return absl::InvalidArgumentError(absl::StrCat("scan request: ", field, ": want ", want));
}

// The object `key` of `parent` (null when absent); a non-object is a type error.
absl::StatusOr<const Json*> ObjectField(const Json& parent, absl::string_view key) {
  const Json* value = JsonField(parent, key);
  if (value == nullptr || value->is_null()) return nullptr;
  if (!value->is_object()) return WrongType(key, "an object");
  return value;
}

// The string `key` of `object` ("" when absent or null); another type is a type error.
absl::StatusOr<std::string> StringField(const Json& object, absl::string_view prefix,
                                        absl::string_view key) {
  const Json* value = JsonField(object, key);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string()) return WrongType(absl::StrCat(prefix, key), "a string");
  return value->get_ref<const std::string&>();
}

bool IsHex(absl::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool ValidDigest(absl::string_view digest) {
  if (absl::ConsumePrefix(&digest, "sha256:")) return digest.size() == 64 && IsHex(digest);
  if (absl::ConsumePrefix(&digest, "sha512:")) return digest.size() == 128 && IsHex(digest);
  return false;
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Distribution's repository grammar, loosely: '/'-separated components of [a-z0-9._-], each
// starting and ending with a letter or digit (so never "." or "..").
bool ValidRepository(absl::string_view repository) {
  if (repository.empty() || repository.size() > kMaxRepositoryBytes) return false;
  for (absl::string_view component : absl::StrSplit(repository, '/')) {
    if (component.empty() || !IsLowerAlnum(component.front()) || !IsLowerAlnum(component.back())) {
      return false;
    }
    for (char c : component) {
      if (!IsLowerAlnum(c) && c != '.' && c != '_' && c != '-') return false;
    }
  }
  return true;
}

bool ValidTag(absl::string_view tag) {
  if (tag.size() > kMaxTagBytes) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
}

absl::Status ParseRegistry(const Json& root, HarborScanRequest& request) {
  MOAT_ASSIGN_OR_RETURN(const Json* registry, ObjectField(root, "registry"));
  if (registry == nullptr) return Invalid("registry", "is required");
  MOAT_ASSIGN_OR_RETURN(request.registry_url, StringField(*registry, "registry.", "url"));
  MOAT_ASSIGN_OR_RETURN(request.authorization,
                        StringField(*registry, "registry.", "authorization"));
  if (request.registry_url.empty()) return Invalid("registry.url", "is required");
  if (auto endpoint = scanjob::ParseRegistryUrl(request.registry_url); !endpoint.ok()) {
    return Invalid("registry.url", endpoint.status().message());
  }
  return absl::OkStatus();
}

absl::Status ParseArtifact(const Json& root, HarborArtifact& artifact) {
  MOAT_ASSIGN_OR_RETURN(const Json* object, ObjectField(root, "artifact"));
  if (object == nullptr) return Invalid("artifact", "is required");
  MOAT_ASSIGN_OR_RETURN(artifact.repository, StringField(*object, "artifact.", "repository"));
  MOAT_ASSIGN_OR_RETURN(artifact.digest, StringField(*object, "artifact.", "digest"));
  MOAT_ASSIGN_OR_RETURN(artifact.tag, StringField(*object, "artifact.", "tag"));
  MOAT_ASSIGN_OR_RETURN(artifact.mime_type, StringField(*object, "artifact.", "mime_type"));
  if (!ValidRepository(artifact.repository)) {
    return Invalid("artifact.repository", "want a repository name such as \"library/alpine\"");
  }
  if (!ValidDigest(artifact.digest)) {
    return Invalid("artifact.digest", "want \"sha256:\" and 64 lower-case hex digits");
  }
  if (!ValidTag(artifact.tag)) return Invalid("artifact.tag", "not a valid tag");
  const std::string& mime = artifact.mime_type;
  if (!mime.empty() && mime != kOciManifestMime && mime != kDockerManifestMime) {
    return Invalid("artifact.mime_type",
                   absl::StrCat("unsupported artifact type \"", mime, "\" (want ", kOciManifestMime,
                                " or ", kDockerManifestMime, ")"));
  }
  return absl::OkStatus();
}

absl::Status ParseCapabilities(const Json& root, std::vector<std::string>& capabilities) {
  const Json* list = JsonField(root, "enabled_capabilities");
  if (list == nullptr || list->is_null()) return absl::OkStatus();
  if (!list->is_array()) return WrongType("enabled_capabilities", "an array");
  for (const Json& item : *list) {
    if (!item.is_object()) return WrongType("enabled_capabilities[]", "objects");
    MOAT_ASSIGN_OR_RETURN(std::string type, StringField(item, "enabled_capabilities[].", "type"));
    capabilities.push_back(type);
  }
  if (list->empty()) return absl::OkStatus();
  for (const std::string& type : capabilities) {
    if (type == "vulnerability" || type == "sbom") return absl::OkStatus();
  }
  return absl::UnimplementedError(
      "scan request: enabled_capabilities: Moat has only \"vulnerability\" and \"sbom\"");
}

// "Application/Vnd.X ; version=1.0" -> "application/vnd.x;version=1.0"
std::string NormalizeMime(absl::string_view mime) {
  std::string out;
  for (char c : mime) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

absl::StatusOr<HarborScanRequest> ParseHarborScanRequest(absl::string_view body) {
  auto parsed = ParseJson(body, "scan request");
  if (!parsed.ok()) return absl::InvalidArgumentError(parsed.status().message());
  if (!parsed->is_object()) return WrongType("body", "a JSON object");
  HarborScanRequest request;
  MOAT_RETURN_IF_ERROR(ParseRegistry(*parsed, request));
  MOAT_RETURN_IF_ERROR(ParseArtifact(*parsed, request.artifact));
  MOAT_RETURN_IF_ERROR(ParseCapabilities(*parsed, request.capabilities));
  return request;
}

absl::StatusOr<std::string> ChooseReportMime(absl::string_view accept) {
  static const char* const kProduced[] = {kHarborVulnReportMime, kSecurityVulnReportMime,
                                          kSbomReportMime, kRawVulnReportMime};
  if (absl::StripAsciiWhitespace(accept).empty()) return std::string(kHarborVulnReportMime);
  for (absl::string_view entry : absl::StrSplit(accept, ',')) {
    std::string normalized = NormalizeMime(entry);
    if (normalized == "*/*" || normalized == "application/*") {
      return std::string(kHarborVulnReportMime);
    }
    for (const char* produced : kProduced) {
      if (normalized == NormalizeMime(produced)) return std::string(produced);
    }
  }
  return absl::NotFoundError(absl::StrCat("no report of type \"", accept, "\" (Moat produces ",
                                          kHarborVulnReportMime, ", ", kSecurityVulnReportMime,
                                          ", ", kSbomReportMime, ", ", kRawVulnReportMime, ")"));
}

}  // namespace moat::server
