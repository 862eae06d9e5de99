#include "inventory/toml_document.h"

#include <exception>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "inventory/app_text.h"

namespace moat::inventory {
namespace {

// Counts unquoted dots per line. Multi-line strings are not tracked, which can only over-count.
bool DottedKeysBounded(absl::string_view text) {
  int dots = 0;
  char quote = 0;
  bool escaped = false;
  for (char c : text) {
    if (c == '\n') {
      dots = 0;
      quote = 0;
      continue;
    }
    if (quote != 0) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\' && quote == '"') {
        escaped = true;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.' && ++dots > kMaxTomlDotsPerLine) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<toml::table> ParseTomlDocument(absl::string_view text, absl::string_view what) {
  if (!DottedKeysBounded(text)) {
    return absl::InvalidArgumentError(FileMessage(what, "TOML keys nested too deeply"));
  }
  try {
    return toml::parse(std::string_view(text.data(), text.size()));
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(FileMessage(
        what, absl::StrCat("invalid TOML at line ", e.source().begin.line, ", column ",
                           e.source().begin.column, ": ", std::string(e.description()))));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(FileMessage(what, absl::StrCat("invalid TOML: ", e.what())));
  }
}

std::string TomlString(const toml::table& table, absl::string_view key) {
  const toml::node* node = table.get(std::string_view(key.data(), key.size()));
  if (node == nullptr || !node->is_string()) return "";
  return node->as_string()->get();
}

std::vector<const toml::table*> TomlTables(const toml::table& table, absl::string_view key) {
  std::vector<const toml::table*> out;
  const toml::node* node = table.get(std::string_view(key.data(), key.size()));
  if (node == nullptr || !node->is_array()) return out;
  for (const toml::node& item : *node->as_array()) {
    if (const toml::table* element = item.as_table(); element != nullptr) out.push_back(element);
  }
  return out;
}

}  // namespace moat::inventory
