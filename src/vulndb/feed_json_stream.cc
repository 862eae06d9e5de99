#include "vulndb/feed_json_stream.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "vulndb/feed_document.h"

namespace moat::vulndb {
namespace {

using DomParser = nlohmann::detail::json_sax_dom_parser<Json>;

// SAX events: depth 1 is the outer object, depth 2 the inner objects; anything deeper (an
// entry's own structure) goes to a DOM builder for that one entry.
class NestedSax {
 public:
  explicit NestedSax(const NestedEntryFn& entry) : entry_(entry) {}

  bool null() { return Scalar(Json(nullptr)); }
  bool boolean(bool v) { return Scalar(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Scalar(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Scalar(Json(v)); }
  bool number_float(Json::number_float_t v, const std::string& s) {
    return builder_ ? builder_->number_float(v, s) : Scalar(Json(v));
  }
  bool string(std::string& v) { return builder_ ? builder_->string(v) : Scalar(Json(v)); }
  bool binary(Json::binary_t& v) { return builder_ ? builder_->binary(v) : true; }
  bool start_object(std::size_t n) { return Open(/*object=*/true, n); }
  bool start_array(std::size_t n) { return Open(/*object=*/false, n); }
  bool end_object() { return Close(true); }
  bool end_array() { return Close(false); }
  bool key(std::string& k) {
    if (builder_) return builder_->key(k);
    (depth_ == 1 ? outer_ : inner_) = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    error_position_ = position;
    error_ = e.what();
    return false;
  }

  std::size_t error_position_ = 0;
  std::string error_;
  bool top_not_object_ = false;

 private:
  bool Scalar(Json value) {
    if (builder_) return Forward(value);
    if (depth_ == 0) {
      top_not_object_ = true;
      return false;
    }
    entry_(outer_, depth_ == 1 ? "" : inner_, std::move(value));
    return true;
  }

  // Forwards a scalar to the entry builder through the matching DOM event.
  bool Forward(Json& value) {
    switch (value.type()) {
      case Json::value_t::null:
        return builder_->null();
      case Json::value_t::boolean:
        return builder_->boolean(value.get<bool>());
      case Json::value_t::number_integer:
        return builder_->number_integer(value.get<int64_t>());
      case Json::value_t::number_unsigned:
        return builder_->number_unsigned(value.get<uint64_t>());
      default:
        return true;
    }
  }

  bool Open(bool object, std::size_t n) {
    ++depth_;
    if (builder_) return object ? builder_->start_object(n) : builder_->start_array(n);
    if (depth_ == 1) {
      if (!object) top_not_object_ = true;
      return object;
    }
    if (depth_ == 2 && object) return true;
    // An entry (depth 3) or a non-object outer value (depth 2): build it as one tree.
    entry_root_ = Json();
    builder_ = std::make_unique<DomParser>(entry_root_, false);
    builder_depth_ = depth_;
    return object ? builder_->start_object(n) : builder_->start_array(n);
  }

  bool Close(bool object) {
    --depth_;
    if (!builder_) return true;
    bool ok = object ? builder_->end_object() : builder_->end_array();
    if (depth_ + 1 == builder_depth_) {
      builder_.reset();
      entry_(outer_, builder_depth_ == 2 ? "" : inner_, std::move(entry_root_));
    }
    return ok;
  }

  const NestedEntryFn& entry_;
  int depth_ = 0;
  std::string outer_;
  std::string inner_;
  Json entry_root_;
  std::unique_ptr<DomParser> builder_;
  int builder_depth_ = 0;
};

}  // namespace

absl::Status StreamNestedObject(absl::string_view text, const NestedEntryFn& entry) {
  absl::Status shape = CheckFeedJsonShape(text, "");
  if (!shape.ok()) return shape;
  NestedSax sax(entry);
  bool ok = Json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (sax.top_not_object_) return absl::InvalidArgumentError("not a JSON object");
  if (!ok || !sax.error_.empty()) {
    std::string reason = sax.error_;
    if (auto pos = reason.find("] "); pos != std::string::npos) reason = reason.substr(pos + 2);
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON at byte ", sax.error_position_, ": ", reason));
  }
  return absl::OkStatus();
}

}  // namespace moat::vulndb
