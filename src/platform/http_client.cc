#include "platform/http_client.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"

namespace moat::platform {

std::string HttpResponse::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers()) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

int64_t HttpResponse::ContentLength() const {
  std::string text = Header("Content-Length");
  int64_t length = -1;
  if (text.empty() || !absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &length) || length < 0) {
    return -1;
  }
  return length;
}

}  // namespace moat::platform
