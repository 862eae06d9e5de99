#include "image/image.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::image {

std::string Platform::ToString() const {
  std::string out = absl::StrCat(os, "/", architecture);
  if (!variant.empty()) absl::StrAppend(&out, "/", variant);
  return out;
}

bool ParsePlatform(absl::string_view text, Platform* out) {
  std::vector<std::string> parts = absl::StrSplit(text, '/');
  if (parts.size() < 2 || parts.size() > 3) return false;
  for (const auto& part : parts) {
    if (part.empty()) return false;
  }
  out->os = parts[0];
  out->architecture = parts[1];
  out->variant = parts.size() == 3 ? parts[2] : "";
  return true;
}

}  // namespace moat::image
