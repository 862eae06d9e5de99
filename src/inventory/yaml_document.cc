#include "inventory/yaml_document.h"

#include <algorithm>
#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "inventory/app_text.h"

namespace moat::inventory {
namespace {

// Flow nesting counted over the raw bytes (quotes ignored, which only over-counts) and block
// nesting bounded by the indentation of any line, so yaml-cpp's recursive parser stays shallow.
absl::Status CheckNesting(absl::string_view text, absl::string_view what) {
  int flow = 0;
  int indent = 0;
  bool at_line_start = true;
  for (char c : text) {
    if (c == '\n') {
      at_line_start = true;
      indent = 0;
      continue;
    }
    if (at_line_start && (c == ' ' || c == '-' || c == '\t' || c == '?' || c == ':')) {
      // 2 columns per nesting level is the tightest block style in practice.
      if (++indent > 2 * kMaxYamlNesting) {
        return absl::InvalidArgumentError(FileMessage(what, "YAML nested too deeply"));
      }
      continue;
    }
    at_line_start = false;
    if (c == '[' || c == '{') {
      if (++flow > kMaxYamlNesting) {
        return absl::InvalidArgumentError(FileMessage(what, "YAML nested too deeply"));
      }
    } else if ((c == ']' || c == '}') && flow > 0) {
      --flow;
    }
  }
  return absl::OkStatus();
}

// True for lines that carry no document content: blank, comments and "%" directives.
bool IsPreamble(absl::string_view line) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(line);
  return trimmed.empty() || trimmed[0] == '#' || line[0] == '%';
}

bool IsDocumentStart(absl::string_view line) {
  return absl::StartsWith(line, "---") &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Splits `text` before each "---" line that follows document content. yaml-cpp's LoadAll
// loops forever on a document that starts with ',' (0.7.0), so documents are loaded one by one.
std::vector<absl::string_view> SplitDocuments(absl::string_view text) {
  std::vector<absl::string_view> parts;
  size_t start = 0;
  bool content = false;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view line = text.substr(pos, end - pos);
    if (IsDocumentStart(line) && content) {
      parts.push_back(text.substr(start, pos - start));
      start = pos;
      content = false;
    }
    content = content || !IsPreamble(line);
    pos = end + 1;
  }
  if (content || parts.empty()) parts.push_back(text.substr(start));
  return parts;
}

}  // namespace

absl::StatusOr<std::vector<YAML::Node>> LoadYamlDocuments(absl::string_view text,
                                                          absl::string_view what) {
  if (text.size() > kMaxYamlBytes) {
    return absl::InvalidArgumentError(
        FileMessage(what, absl::StrCat("YAML larger than ", kMaxYamlBytes, " bytes")));
  }
  absl::Status nesting = CheckNesting(text, what);
  if (!nesting.ok()) return nesting;
  std::vector<absl::string_view> parts = SplitDocuments(text);
  if (parts.size() > kMaxYamlDocuments) {
    return absl::InvalidArgumentError(
        FileMessage(what, absl::StrCat("more than ", kMaxYamlDocuments, " YAML documents")));
  }
  std::vector<YAML::Node> docs;
  for (absl::string_view part : parts) {
    // Error marks count lines within the part; report them within the file.
    int first_line = static_cast<int>(std::count(text.data(), part.data(), '\n'));
    try {
      docs.push_back(YAML::Load(std::string(part)));
    } catch (const YAML::Exception& e) {
      if (e.mark.is_null()) {
        return absl::InvalidArgumentError(FileMessage(what, absl::StrCat("invalid YAML: ", e.msg)));
      }
      return absl::InvalidArgumentError(
          FileMessage(what, absl::StrCat("invalid YAML at line ", first_line + e.mark.line + 1,
                                         ", column ", e.mark.column + 1, ": ", e.msg)));
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError(
          FileMessage(what, absl::StrCat("invalid YAML: ", e.what())));
    }
  }
  return docs;
}

bool YamlIsMap(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }

YAML::Node YamlField(const YAML::Node& node, absl::string_view key) {
  if (!YamlIsMap(node)) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& entry : node) {
    if (entry.first.IsDefined() && entry.first.IsScalar() && entry.first.Scalar() == key) {
      return entry.second;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::string YamlText(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return "";
  return node.Scalar();
}

std::string YamlScalar(const YAML::Node& node, absl::string_view key) {
  return YamlText(YamlField(node, key));
}

}  // namespace moat::inventory
