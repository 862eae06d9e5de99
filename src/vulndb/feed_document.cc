#include "vulndb/feed_document.h"

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "inventory/yaml_document.h"

namespace moat::vulndb {
namespace {

std::string Message(absl::string_view what, absl::string_view text) {
  return what.empty() ? std::string(text) : absl::StrCat(what, ": ", text);
}

}  // namespace

// One pass over the bytes outside strings: nesting depth and a count of values (every
// container and every separator-delimited element), so hostile input fails before the tree
// is built.
absl::Status CheckFeedJsonShape(absl::string_view text, absl::string_view what) {
  int depth = 0;
  size_t values = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxFeedJsonNesting) {
        return absl::InvalidArgumentError(Message(
            what, absl::StrCat("JSON nested deeper than ", kMaxFeedJsonNesting, " levels")));
      }
      ++values;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',') {
      ++values;
    }
    if (values > kMaxFeedJsonValues) {
      return absl::InvalidArgumentError(
          Message(what, absl::StrCat("JSON has more than ", kMaxFeedJsonValues, " values")));
    }
  }
  return absl::OkStatus();
}

namespace {

class YamlConverter {
 public:
  explicit YamlConverter(absl::string_view what) : what_(what) {}

  absl::StatusOr<Json> Convert(const YAML::Node& node, int depth) {
    if (++nodes_ > kMaxFeedYamlNodes) {
      return absl::InvalidArgumentError(
          absl::StrCat(what_, ": YAML expands to more than ", kMaxFeedYamlNodes, " nodes"));
    }
    if (depth > kMaxFeedJsonNesting) {
      return absl::InvalidArgumentError(absl::StrCat(what_, ": YAML nested too deeply"));
    }
    switch (node.Type()) {
      case YAML::NodeType::Map: {
        Json object = Json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) continue;
          MOAT_ASSIGN_OR_RETURN(Json value, Convert(entry.second, depth + 1));
          object[entry.first.Scalar()] = std::move(value);
        }
        return object;
      }
      case YAML::NodeType::Sequence: {
        Json array = Json::array();
        for (const auto& item : node) {
          MOAT_ASSIGN_OR_RETURN(Json value, Convert(item, depth + 1));
          array.push_back(std::move(value));
        }
        return array;
      }
      case YAML::NodeType::Scalar:
        return Json(node.Scalar());
      default:
        return Json(nullptr);
    }
  }

 private:
  absl::string_view what_;
  size_t nodes_ = 0;
};

}  // namespace

absl::StatusOr<Json> LoadFeedJson(absl::string_view text, absl::string_view what) {
  absl::Status shape = CheckFeedJsonShape(text, what);
  if (!shape.ok()) return shape;
  return ParseJson(text, what);
}

absl::StatusOr<std::vector<Json>> LoadFeedYaml(absl::string_view text, absl::string_view what) {
  auto docs = inventory::LoadYamlDocuments(text, what);
  if (!docs.ok()) return docs.status();
  std::vector<Json> out;
  YamlConverter converter(what);
  try {
    for (const YAML::Node& doc : *docs) {
      auto json = converter.Convert(doc, 0);
      if (!json.ok()) return json.status();
      out.push_back(*std::move(json));
    }
  } catch (const std::exception& e) {
    // yaml-cpp iterators throw on inconsistent trees; never let that escape.
    return absl::InvalidArgumentError(absl::StrCat(what, ": invalid YAML: ", e.what()));
  }
  return out;
}

}  // namespace moat::vulndb
