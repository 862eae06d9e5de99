// Typed access to the fields of one object of an untrusted JSON document, naming each field by
// its path ("vulnerabilities[3].package") so a wrong type or a missing required field becomes
// one clear error. The building block of the Moat JSON report reader (json_reader.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/json.h"

namespace moat::report {

// Keeps the first error found while reading a document; later ones are dropped (they are
// usually consequences of the first).
class ReadErrors {
 public:
  void Add(absl::string_view path, absl::string_view reason);
  bool ok() const { return message_.empty(); }
  // OK, or InvalidArgument "<what>: <path>: <reason>".
  absl::Status ToStatus(absl::string_view what) const;

 private:
  std::string message_;
};

enum class Need { kOptional, kRequired };

// One JSON object at `path`. A missing optional field leaves its output unchanged; a field of
// the wrong type, a missing required field, or a value out of range records an error. An absent
// object (JsonFields::Absent) reads as empty and checks nothing. Accessors do nothing once
// `errors` holds an error. Does not own the JSON or `errors`.
class JsonFields {
 public:
  // The most elements one array may hold (a report lists at most this many packages, files of
  // a package, vulnerabilities, ...).
  static constexpr size_t kMaxEntries = 1000000;

  // Records "path: not an object" when `value` is not an object. An empty path is the root.
  JsonFields(const Json& value, std::string path, ReadErrors* errors);
  static JsonFields Absent(std::string path, ReadErrors* errors);

  void String(absl::string_view key, std::string* out, Need need = Need::kOptional);
  void Strings(absl::string_view key, std::vector<std::string>* out);
  // An object whose values are all strings.
  void StringMap(absl::string_view key, std::map<std::string, std::string>* out);
  void Bool(absl::string_view key, bool* out);
  void Int(absl::string_view key, int* out, Need need = Need::kOptional);
  void Int64(absl::string_view key, int64_t* out);
  // An integer, or null (and missing) read as `if_null`.
  void NullableInt(absl::string_view key, int* out, int if_null);
  void NullableInt64(absl::string_view key, int64_t* out, int64_t if_null);
  // A number, or null read as `if_null`.
  void NullableNumber(absl::string_view key, double* out, double if_null);

  // Whether `key` is present and not null.
  bool Has(absl::string_view key) const;
  // The object at `key`; Absent when it is missing (an error first when required).
  JsonFields Child(absl::string_view key, Need need = Need::kOptional);
  // Calls fn(JsonFields&) for each element of the array at `key` ("key[i]"), stopping at the
  // first error; a missing array has no elements.
  template <typename Fn>
  void Objects(absl::string_view key, Fn&& fn) {
    const Json* array = Array(key);
    for (size_t i = 0; array != nullptr && i < array->size() && errors_->ok(); ++i) {
      JsonFields item((*array)[i], absl::StrCat(PathOf(key), "[", i, "]"), errors_);
      fn(item);
    }
  }

  // Records "path.key: <reason>".
  void Fail(absl::string_view key, absl::string_view reason);
  std::string PathOf(absl::string_view key) const;
  bool ok() const { return errors_->ok(); }

 private:
  JsonFields(const Json* object, std::string path, ReadErrors* errors);
  // The value at `key`, or nullptr when it is missing (recording an error when required) or
  // when reading has stopped.
  const Json* Get(absl::string_view key, Need need);
  const Json* Array(absl::string_view key);
  // An integer in [min, max] into *out; null gives `if_null` when nullable, else an error.
  void Integer(absl::string_view key, int64_t min, int64_t max, const int64_t* if_null,
               int64_t* out, Need need);

  const Json* object_;  // nullptr: absent
  std::string path_;
  ReadErrors* errors_;
};

}  // namespace moat::report
