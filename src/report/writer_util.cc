#include "report/writer_util.h"

#include <openssl/evp.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/version.h"
#include "inventory/purl.h"

namespace moat::report {
namespace {

// Strips ":tag" or "@digest" from a reference; a ':' before the last '/' is a registry port.
std::string StripTagAndDigest(const std::string& reference) {
  std::string out = reference.substr(0, reference.find('@'));
  size_t slash = out.rfind('/');
  size_t colon = out.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    out.resize(colon);
  }
  return out;
}

std::string TagOf(const std::string& repo_tag) {
  size_t slash = repo_tag.rfind('/');
  size_t colon = repo_tag.rfind(':');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return "";
  return repo_tag.substr(colon + 1);
}

}  // namespace

std::string DumpOrderedJson(const OrderedJson& value) {
  return value.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

std::string ScannerVersion(const ScanResult& result) {
  return result.scanner_version.empty() ? kMoatVersion : result.scanner_version;
}

std::string ImageDisplayName(const image::ImageInfo& image) {
  if (!image.repo_tags.empty()) return image.repo_tags.front();
  if (!image.reference.empty()) return image.reference;
  return image.image_id;
}

std::string ImageRepository(const image::ImageInfo& image) {
  if (!image.repo_tags.empty()) return StripTagAndDigest(image.repo_tags.front());
  if (!image.repo_digests.empty()) return StripTagAndDigest(image.repo_digests.front());
  if (image.source_type == "registry") return StripTagAndDigest(image.reference);
  return "";
}

std::string ImageIdentity(const image::ImageInfo& image) {
  return image.digest.empty() ? image.image_id : image.digest;
}

std::string ImagePurl(const image::ImageInfo& image) {
  std::string repository = ImageRepository(image);
  if (image.digest.empty() || repository.empty()) return "";
  inventory::PackageUrl purl;
  purl.type = "oci";
  size_t slash = repository.rfind('/');
  purl.name =
      absl::AsciiStrToLower(slash == std::string::npos ? repository : repository.substr(slash + 1));
  purl.version = image.digest;
  purl.qualifiers = {{"arch", image.platform.architecture}, {"repository_url", repository}};
  if (!image.repo_tags.empty()) purl.qualifiers.emplace_back("tag", TagOf(image.repo_tags[0]));
  return purl.ToString();
}

std::string NameBasedUuid(absl::string_view name) {
  // RFC 4122 appendix C: the URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
  static constexpr unsigned char kUrlNamespace[16] = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad,
                                                      0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0,
                                                      0x4f, 0xd4, 0x30, 0xc8};
  std::string input(reinterpret_cast<const char*>(kUrlNamespace), sizeof(kUrlNamespace));
  input.append(name.data(), name.size());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha1(), nullptr);
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex.push_back('-');
    absl::StrAppendFormat(&hex, "%02x", digest[i]);
  }
  return hex;
}

std::string NormalizeTimestamp(const std::string& text) {
  absl::Time time = absl::UnixEpoch();
  std::string error;
  if (!text.empty() && !absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    time = absl::UnixEpoch();
  }
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

}  // namespace moat::report
