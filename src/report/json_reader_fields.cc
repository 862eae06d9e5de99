#include "report/json_reader_fields.h"

#include <limits>

namespace moat::report {

void ReadErrors::Add(absl::string_view path, absl::string_view reason) {
  if (!message_.empty()) return;
  message_ = path.empty() ? std::string(reason) : absl::StrCat(path, ": ", reason);
}

absl::Status ReadErrors::ToStatus(absl::string_view what) const {
  if (message_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(what, ": ", message_));
}

JsonFields::JsonFields(const Json& value, std::string path, ReadErrors* errors)
    : object_(&value), path_(std::move(path)), errors_(errors) {
  if (!value.is_object()) {
    errors_->Add(path_, "not an object");
    object_ = nullptr;
  }
}

JsonFields::JsonFields(const Json* object, std::string path, ReadErrors* errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

JsonFields JsonFields::Absent(std::string path, ReadErrors* errors) {
  return JsonFields(nullptr, std::move(path), errors);
}

std::string JsonFields::PathOf(absl::string_view key) const {
  return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", key);
}

void JsonFields::Fail(absl::string_view key, absl::string_view reason) {
  errors_->Add(PathOf(key), reason);
}

const Json* JsonFields::Get(absl::string_view key, Need need) {
  if (object_ == nullptr || !errors_->ok()) return nullptr;
  const Json* value = JsonField(*object_, key);
  if (value == nullptr && need == Need::kRequired) Fail(key, "missing");
  return value;
}

bool JsonFields::Has(absl::string_view key) const {
  if (object_ == nullptr) return false;
  const Json* value = JsonField(*object_, key);
  return value != nullptr && !value->is_null();
}

void JsonFields::String(absl::string_view key, std::string* out, Need need) {
  const Json* value = Get(key, need);
  if (value == nullptr) return;
  if (!value->is_string()) return Fail(key, "not a string");
  *out = value->get_ref<const std::string&>();
}

const Json* JsonFields::Array(absl::string_view key) {
  const Json* value = Get(key, Need::kOptional);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    Fail(key, "not an array");
    return nullptr;
  }
  if (value->size() > kMaxEntries) {
    Fail(key, absl::StrCat("more than ", kMaxEntries, " entries"));
    return nullptr;
  }
  return value;
}

void JsonFields::Strings(absl::string_view key, std::vector<std::string>* out) {
  const Json* array = Array(key);
  if (array == nullptr) return;
  std::vector<std::string> strings;
  strings.reserve(array->size());
  for (size_t i = 0; i < array->size(); ++i) {
    const Json& item = (*array)[i];
    if (!item.is_string()) return Fail(absl::StrCat(key, "[", i, "]"), "not a string");
    strings.push_back(item.get_ref<const std::string&>());
  }
  *out = std::move(strings);
}

void JsonFields::StringMap(absl::string_view key, std::map<std::string, std::string>* out) {
  const Json* value = Get(key, Need::kOptional);
  if (value == nullptr) return;
  if (!value->is_object()) return Fail(key, "not an object");
  if (value->size() > kMaxEntries) {
    return Fail(key, absl::StrCat("more than ", kMaxEntries, " entries"));
  }
  std::map<std::string, std::string> map;
  for (const auto& [name, item] : value->items()) {
    if (!item.is_string()) return Fail(absl::StrCat(key, ".", name), "not a string");
    map.emplace(name, item.get_ref<const std::string&>());
  }
  *out = std::move(map);
}

void JsonFields::Bool(absl::string_view key, bool* out) {
  const Json* value = Get(key, Need::kOptional);
  if (value == nullptr) return;
  if (!value->is_boolean()) return Fail(key, "not a boolean");
  *out = value->get<bool>();
}

void JsonFields::Integer(absl::string_view key, int64_t min, int64_t max, const int64_t* if_null,
                         int64_t* out, Need need) {
  const Json* value = Get(key, need);
  if (value == nullptr) return;
  if (value->is_null() && if_null != nullptr) {
    *out = *if_null;
    return;
  }
  if (!value->is_number_integer()) {
    return Fail(key, if_null != nullptr ? "not an integer or null" : "not an integer");
  }
  // is_number_integer covers unsigned values too; those above INT64_MAX are out of range.
  bool in_range = value->is_number_unsigned()
                      ? value->get<uint64_t>() <= static_cast<uint64_t>(max)
                      : value->get<int64_t>() >= min && value->get<int64_t>() <= max;
  if (!in_range) return Fail(key, absl::StrCat("out of range [", min, ", ", max, "]"));
  *out = value->is_number_unsigned() ? static_cast<int64_t>(value->get<uint64_t>())
                                     : value->get<int64_t>();
}

void JsonFields::Int(absl::string_view key, int* out, Need need) {
  int64_t value = *out;
  Integer(key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), nullptr, &value,
          need);
  *out = static_cast<int>(value);
}

void JsonFields::Int64(absl::string_view key, int64_t* out) {
  Integer(key, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), nullptr,
          out, Need::kOptional);
}

void JsonFields::NullableInt(absl::string_view key, int* out, int if_null) {
  int64_t value = *out;
  const int64_t null_value = if_null;
  Integer(key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), &null_value,
          &value, Need::kOptional);
  *out = static_cast<int>(value);
}

void JsonFields::NullableInt64(absl::string_view key, int64_t* out, int64_t if_null) {
  Integer(key, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), &if_null,
          out, Need::kOptional);
}

void JsonFields::NullableNumber(absl::string_view key, double* out, double if_null) {
  const Json* value = Get(key, Need::kOptional);
  if (value == nullptr) return;
  if (value->is_null()) {
    *out = if_null;
    return;
  }
  if (!value->is_number()) return Fail(key, "not a number or null");
  *out = value->get<double>();
}

JsonFields JsonFields::Child(absl::string_view key, Need need) {
  const Json* value = Get(key, need);
  if (value == nullptr) return Absent(PathOf(key), errors_);
  return JsonFields(*value, PathOf(key), errors_);
}

}  // namespace moat::report
