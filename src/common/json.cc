#include "common/json.h"

#include "absl/strings/str_cat.h"

namespace moat {
namespace {

// Records the first syntax error so the message can say where parsing stopped.
class ErrorCapture : public nlohmann::detail::json_sax_dom_parser<Json> {
 public:
  explicit ErrorCapture(Json& root) : json_sax_dom_parser(root, false) {}
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    position_ = position;
    message_ = ex.what();
    return false;
  }
  std::size_t position_ = 0;
  std::string message_;
};

}  // namespace

absl::StatusOr<Json> ParseJson(absl::string_view text, absl::string_view what) {
  Json root;
  ErrorCapture sax(root);
  bool ok = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok || !sax.message_.empty()) {
    std::string reason = sax.message_;
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    if (auto pos = reason.find("] "); pos != std::string::npos) reason = reason.substr(pos + 2);
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": invalid JSON at byte ", sax.position_, ": ", reason));
  }
  return root;
}

const Json* JsonField(const Json& object, absl::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string_view(key.data(), key.size()));
  return it == object.end() ? nullptr : &*it;
}

std::string JsonString(const Json& object, absl::string_view key, absl::string_view fallback) {
  const Json* field = JsonField(object, key);
  if (field == nullptr || !field->is_string()) return std::string(fallback);
  return field->get_ref<const std::string&>();
}

std::optional<int64_t> JsonInt(const Json& object, absl::string_view key) {
  const Json* field = JsonField(object, key);
  if (field == nullptr) return std::nullopt;
  if (field->is_number_integer()) return field->get<int64_t>();
  if (field->is_number_unsigned()) {
    uint64_t v = field->get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  return std::nullopt;
}

bool JsonBool(const Json& object, absl::string_view key, bool fallback) {
  const Json* field = JsonField(object, key);
  if (field == nullptr || !field->is_boolean()) return fallback;
  return field->get<bool>();
}

std::vector<std::string> JsonStringArray(const Json& object, absl::string_view key) {
  std::vector<std::string> out;
  const Json* field = JsonField(object, key);
  if (field == nullptr || !field->is_array()) return out;
  for (const Json& item : *field) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string DumpJson(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace moat
