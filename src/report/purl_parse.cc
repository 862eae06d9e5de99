#include "report/purl_parse.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace moat::report {
namespace {

constexpr size_t kMaxPurlLength = 4096;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; a '%' not followed by two hex digits is kept as is.
std::string Decode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

absl::Status PurlError(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid purl \"", text.substr(0, 200), "\": ", why));
}

// "name@version" → (name, version) at an '@' after the last '/', so "@scope/pkg" keeps its '@'.
std::pair<absl::string_view, absl::string_view> SplitVersion(absl::string_view rest) {
  size_t slash = rest.rfind('/');
  size_t at = rest.rfind('@');
  if (at == absl::string_view::npos || (slash != absl::string_view::npos && at < slash)) {
    return {rest, {}};
  }
  return {rest.substr(0, at), rest.substr(at + 1)};
}

}  // namespace

absl::StatusOr<inventory::PackageUrl> ParsePurl(absl::string_view text) {
  if (text.size() > kMaxPurlLength) return PurlError(text, "too long");
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  if (rest.size() < 4 || !absl::EqualsIgnoreCase(rest.substr(0, 4), "pkg:")) {
    return PurlError(text, "does not start with pkg:");
  }
  rest.remove_prefix(4);
  while (absl::ConsumePrefix(&rest, "/")) {
  }
  inventory::PackageUrl purl;
  if (size_t hash = rest.find('#'); hash != absl::string_view::npos) {
    purl.subpath = Decode(absl::StripPrefix(rest.substr(hash + 1), "/"));
    rest = rest.substr(0, hash);
  }
  if (size_t question = rest.find('?'); question != absl::string_view::npos) {
    for (absl::string_view pair :
         absl::StrSplit(rest.substr(question + 1), '&', absl::SkipEmpty())) {
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(pair, absl::MaxSplits('=', 1));
      if (kv.first.empty()) continue;
      purl.qualifiers.emplace_back(absl::AsciiStrToLower(kv.first), Decode(kv.second));
    }
    rest = rest.substr(0, question);
  }
  auto [path, version] = SplitVersion(rest);
  purl.version = Decode(version);
  std::vector<absl::string_view> segments = absl::StrSplit(path, '/', absl::SkipEmpty());
  if (segments.size() < 2) return PurlError(text, "needs a type and a name");
  purl.type = absl::AsciiStrToLower(segments.front());
  purl.name = Decode(segments.back());
  std::vector<std::string> namespace_parts;
  for (size_t i = 1; i + 1 < segments.size(); ++i) namespace_parts.push_back(Decode(segments[i]));
  purl.namespace_ = absl::StrJoin(namespace_parts, "/");
  if (purl.name.empty()) return PurlError(text, "empty name");
  return purl;
}

std::string PurlQualifier(const inventory::PackageUrl& purl, absl::string_view key) {
  for (const auto& [k, v] : purl.qualifiers) {
    if (k == key) return v;
  }
  return "";
}

std::string NormalizeOsFamily(absl::string_view family) {
  std::string lower = absl::AsciiStrToLower(family);
  if (lower == "redhat" || lower == "red hat enterprise linux") return "rhel";
  if (lower == "amzn" || lower == "amazon linux") return "amazon";
  if (lower == "almalinux") return "alma";
  if (lower == "ol" || lower == "oraclelinux") return "oracle";
  if (lower == "suse") return "sles";
  return lower;
}

std::optional<inventory::OsInfo> OsFromPurl(const inventory::PackageUrl& purl) {
  std::string distro = PurlQualifier(purl, "distro");
  if (distro.empty()) return std::nullopt;
  inventory::OsInfo os;
  if (absl::ascii_isdigit(static_cast<unsigned char>(distro[0]))) {
    os.family = NormalizeOsFamily(purl.namespace_);  // apk: distro=3.19.1
    os.version = distro;
  } else {
    // "<family>-<version>", where the family may itself contain '-' (opensuse-leap-15.5).
    size_t split = std::string::npos;
    for (size_t i = distro.find('-'); i != std::string::npos; i = distro.find('-', i + 1)) {
      if (i + 1 < distro.size() && absl::ascii_isdigit(static_cast<unsigned char>(distro[i + 1]))) {
        split = i;
      }
    }
    os.family = NormalizeOsFamily(split == std::string::npos ? distro : distro.substr(0, split));
    if (split != std::string::npos) os.version = distro.substr(split + 1);
  }
  if (os.family.empty()) return std::nullopt;
  return os;
}

std::optional<inventory::Package> PackageFromPurl(const inventory::PackageUrl& purl) {
  inventory::Package p;
  if (!inventory::ParseEcosystem(purl.type, &p.ecosystem)) return std::nullopt;
  const std::string& ns = purl.namespace_;
  switch (p.ecosystem) {
    case inventory::Ecosystem::kMaven:
      p.name = ns.empty() ? purl.name : absl::StrCat(ns, ":", purl.name);
      break;
    case inventory::Ecosystem::kNpm:
    case inventory::Ecosystem::kGolang:
    case inventory::Ecosystem::kComposer:
      p.name = ns.empty() ? purl.name : absl::StrCat(ns, "/", purl.name);
      break;
    default:
      p.name = purl.name;  // OS packages: the namespace is the distro vendor
  }
  p.version = purl.version;
  p.arch = PurlQualifier(purl, "arch");
  std::string epoch = PurlQualifier(purl, "epoch");
  if (inventory::IsOsEcosystem(p.ecosystem) && absl::SimpleAtoi(epoch, &p.epoch) && p.epoch > 0 &&
      !p.version.empty() && !absl::StrContains(p.version, ':')) {
    p.version = absl::StrCat(p.epoch, ":", p.version);
  }
  std::string upstream = PurlQualifier(purl, "upstream");
  if (!upstream.empty() && inventory::IsOsEcosystem(p.ecosystem)) {
    std::pair<std::string, std::string> source = absl::StrSplit(upstream, absl::MaxSplits('@', 1));
    p.source_name = source.first;
    if (!source.second.empty() && source.second != p.version) p.source_version = source.second;
  }
  p.purl = purl.ToString();
  return p;
}

}  // namespace moat::report
