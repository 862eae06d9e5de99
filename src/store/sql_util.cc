// Helpers shared by the SQL store's files.
#include "store/sql_util.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "common/json.h"

namespace moat::store {

constexpr int64_t kMaxLimit = 1000;

std::string NewId() {
  // libstdc++'s random_device reads the kernel's generator (getrandom or /dev/urandom).
  std::random_device random;
  std::string id;
  for (int i = 0; i < 4; ++i) absl::StrAppend(&id, absl::Hex(random(), absl::kZeroPad8));
  return id;
}

std::string EncodeStringList(const std::vector<std::string>& values) {
  Json array = Json::array();
  for (const std::string& value : values) array.push_back(value);
  return DumpJson(array);
}

std::vector<std::string> DecodeStringList(absl::string_view json) {
  std::vector<std::string> out;
  absl::StatusOr<Json> parsed = ParseJson(json, "stored list");
  if (!parsed.ok() || !parsed->is_array()) return out;
  for (const Json& value : *parsed) {
    if (value.is_string()) out.push_back(value.get_ref<const std::string&>());
  }
  return out;
}

absl::Status CheckPage(int64_t offset, int64_t limit) {
  if (offset < 0) {
    return absl::InvalidArgumentError(absl::StrCat("offset ", offset, " is negative"));
  }
  if (limit < 1 || limit > kMaxLimit) {
    return absl::InvalidArgumentError(absl::StrCat("limit ", limit, " is outside 1..", kMaxLimit));
  }
  return absl::OkStatus();
}

std::string EscapeLike(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string Placeholders(size_t first, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) absl::StrAppend(&out, i == 0 ? "$" : ", $", first + i);
  return out;
}

}  // namespace moat::store
