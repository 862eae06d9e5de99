#include "image/registry_reference.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/sha256.h"

namespace moat::image {
namespace {

constexpr size_t kMaxNameLength = 255;
constexpr size_t kMaxTagLength = 128;
constexpr absl::string_view kDockerHub = "docker.io";

bool IsLowerAlnum(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | __ | [-]+
bool IsValidPathComponent(absl::string_view part) {
  if (part.empty() || !IsLowerAlnum(part.front()) || !IsLowerAlnum(part.back())) return false;
  size_t i = 0;
  while (i < part.size()) {
    if (IsLowerAlnum(part[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < part.size() && !IsLowerAlnum(part[i])) ++i;
    absl::string_view sep = part.substr(start, i - start);
    bool dashes = sep.find_first_not_of('-') == absl::string_view::npos;
    if (sep != "." && sep != "_" && sep != "__" && !dashes) return false;
  }
  return true;
}

bool IsValidTag(absl::string_view tag) {
  if (tag.empty() || tag.size() > kMaxTagLength) return false;
  auto word = [](char c) { return absl::ascii_isalnum(c) || c == '_'; };
  if (!word(tag.front())) return false;
  for (char c : tag) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

bool IsValidHostLabel(absl::string_view label) {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!absl::ascii_isalnum(c) && c != '-') return false;
  }
  return true;
}

// host[:port], host a DNS name, IPv4 address or [IPv6].
bool IsValidRegistryHost(absl::string_view host) {
  absl::string_view port;
  if (absl::StartsWith(host, "[")) {
    size_t close = host.find(']');
    if (close == absl::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1)) {
      if (!absl::ascii_isxdigit(c) && c != ':' && c != '.') return false;
    }
    absl::string_view rest = host.substr(close + 1);
    if (!rest.empty() && !absl::ConsumePrefix(&rest, ":")) return false;
    port = rest;
    if (rest.empty() && close + 1 != host.size()) return false;
  } else {
    size_t colon = host.find(':');
    if (colon != absl::string_view::npos) {
      port = host.substr(colon + 1);
      if (port.empty()) return false;
      host = host.substr(0, colon);
    }
    for (absl::string_view label : absl::StrSplit(host, '.')) {
      if (!IsValidHostLabel(label)) return false;
    }
  }
  int number = 0;
  return port.empty() || (absl::SimpleAtoi(port, &number) && number > 0 && number <= 65535 &&
                          port.find_first_not_of("0123456789") == absl::string_view::npos);
}

absl::Status Invalid(absl::string_view text, absl::string_view reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid image reference \"", text, "\": ", reason));
}

absl::Status CheckDigest(absl::string_view text, absl::string_view digest) {
  size_t colon = digest.find(':');
  if (colon != absl::string_view::npos && digest.substr(0, colon) != "sha256") {
    return Invalid(text, absl::StrCat("unsupported digest algorithm \"", digest.substr(0, colon),
                                      "\" (only sha256)"));
  }
  if (!IsValidSha256Digest(digest)) {
    return Invalid(text, "digest must be sha256: followed by 64 lowercase hex digits");
  }
  return absl::OkStatus();
}

// Splits "name[:tag]" into registry and repository per Docker's rules.
absl::Status SplitName(absl::string_view text, absl::string_view name, RegistryReference* ref) {
  size_t slash = name.find('/');
  absl::string_view first = name.substr(0, slash);
  bool has_registry = slash != absl::string_view::npos &&
                      (absl::StrContains(first, '.') || absl::StrContains(first, ':') ||
                       first == "localhost" || absl::AsciiStrToLower(first) != first);
  if (has_registry) {
    if (!IsValidRegistryHost(first)) {
      return Invalid(text, absl::StrCat("invalid registry host \"", first, "\""));
    }
    ref->registry = std::string(first);
    ref->repository = std::string(name.substr(slash + 1));
  } else {
    ref->registry = std::string(kDockerHub);
    ref->repository = std::string(name);
  }
  if (ref->registry == "index.docker.io" || ref->registry == "registry-1.docker.io") {
    ref->registry = std::string(kDockerHub);
  }
  if (ref->registry == kDockerHub && !absl::StrContains(ref->repository, '/')) {
    ref->repository = absl::StrCat("library/", ref->repository);
  }
  if (ref->repository.empty()) return Invalid(text, "no repository name");
  if (absl::AsciiStrToLower(ref->repository) != ref->repository) {
    return Invalid(text, "repository name must be lowercase");
  }
  for (absl::string_view part : absl::StrSplit(ref->repository, '/')) {
    if (!IsValidPathComponent(part)) {
      return Invalid(text, absl::StrCat("invalid repository name \"", ref->repository, "\""));
    }
  }
  if (ref->Name().size() > kMaxNameLength) {
    return Invalid(text, absl::StrCat("name longer than ", kMaxNameLength, " characters"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string RegistryReference::ApiHost() const {
  return registry == kDockerHub ? "registry-1.docker.io" : registry;
}

std::string RegistryReference::ManifestRef() const { return digest.empty() ? tag : digest; }

std::string RegistryReference::Name() const { return absl::StrCat(registry, "/", repository); }

std::string RegistryReference::ToString() const {
  std::string out = Name();
  if (!tag.empty()) absl::StrAppend(&out, ":", tag);
  if (!digest.empty()) absl::StrAppend(&out, "@", digest);
  return out;
}

absl::StatusOr<RegistryReference> ParseRegistryReference(absl::string_view text) {
  if (text.empty()) return Invalid(text, "empty reference");
  if (absl::StrContains(text, "://")) {
    return Invalid(text, "a reference has no URL scheme; write host/repository:tag");
  }
  RegistryReference ref;
  absl::string_view name = text;
  if (size_t at = text.find('@'); at != absl::string_view::npos) {
    ref.digest = std::string(text.substr(at + 1));
    name = text.substr(0, at);
    if (absl::Status s = CheckDigest(text, ref.digest); !s.ok()) return s;
  }
  size_t colon = name.rfind(':');
  size_t slash = name.rfind('/');
  if (colon != absl::string_view::npos && (slash == absl::string_view::npos || colon > slash)) {
    ref.tag = std::string(name.substr(colon + 1));
    name = name.substr(0, colon);
    if (!IsValidTag(ref.tag)) return Invalid(text, absl::StrCat("invalid tag \"", ref.tag, "\""));
  }
  if (name.empty()) return Invalid(text, "no repository name");
  if (absl::Status s = SplitName(text, name, &ref); !s.ok()) return s;
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

}  // namespace moat::image
