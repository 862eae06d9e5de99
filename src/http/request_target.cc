// Request-target parsing: percent-decoding, path segments and the query string.
#include "http/request_target.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace moat::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(absl::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError("bad percent-encoding: '%' needs two hex digits");
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> DecodePathSegments(absl::string_view raw_path) {
  if (raw_path.empty() || raw_path[0] != '/') {
    return absl::InvalidArgumentError("path must start with '/'");
  }
  std::vector<std::string> segments;
  for (absl::string_view raw : absl::StrSplit(raw_path.substr(1), '/')) {
    auto segment = PercentDecode(raw, /*plus_as_space=*/false);
    if (!segment.ok()) return Annotate(segment.status(), "path");
    if (segment->find('\0') != std::string::npos) {
      return absl::InvalidArgumentError("NUL byte in path");
    }
    if (*segment == "..") return absl::InvalidArgumentError("'..' segment in path");
    segments.push_back(*std::move(segment));
  }
  return segments;
}

absl::StatusOr<std::map<std::string, std::string>> ParseQuery(absl::string_view query) {
  std::map<std::string, std::string> params;
  for (absl::string_view pair : absl::StrSplit(query, '&')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    MOAT_ASSIGN_OR_RETURN(std::string key, PercentDecode(kv.first, /*plus_as_space=*/true));
    MOAT_ASSIGN_OR_RETURN(std::string value, PercentDecode(kv.second, /*plus_as_space=*/true));
    if (key.empty()) continue;
    params[std::move(key)] = std::move(value);
  }
  return params;
}

absl::StatusOr<RequestTarget> ParseRequestTarget(absl::string_view target) {
  RequestTarget result;
  size_t question = target.find('?');
  result.raw_path = std::string(target.substr(0, question));
  MOAT_ASSIGN_OR_RETURN(std::vector<std::string> segments, DecodePathSegments(result.raw_path));
  for (const std::string& segment : segments) absl::StrAppend(&result.path, "/", segment);
  if (question != absl::string_view::npos) {
    auto query = ParseQuery(target.substr(question + 1));
    if (!query.ok()) return Annotate(query.status(), "query");
    result.query = *std::move(query);
  }
  return result;
}

}  // namespace moat::http
