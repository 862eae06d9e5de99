#include "inventory/gemspec.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "inventory/app_text.h"
#include "inventory/ruby_literals.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kSpecBlock = "Gem::Specification.new";

// The block variable of `Gem::Specification.new do |s|`, or "" when there is none.
absl::string_view BlockVariable(absl::string_view text) {
  size_t start = text.find(kSpecBlock);
  if (start == absl::string_view::npos) return "";
  size_t open = text.find('|', start);
  size_t line_end = text.find('\n', start);
  if (open == absl::string_view::npos || open > line_end) return "";
  size_t close = text.find('|', open + 1);
  if (close == absl::string_view::npos || close > line_end) return "";
  return absl::StripAsciiWhitespace(text.substr(open + 1, close - open - 1));
}

// For "  s.version = ..." with `var` "s": sets `attribute` and the expression after '='.
bool Assignment(absl::string_view line, absl::string_view var, absl::string_view* attribute,
                absl::string_view* expression) {
  line = absl::StripLeadingAsciiWhitespace(line);
  if (!absl::ConsumePrefix(&line, var) || !absl::ConsumePrefix(&line, ".")) return false;
  size_t end = 0;
  while (end < line.size() &&
         (absl::ascii_isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_')) {
    ++end;
  }
  *attribute = line.substr(0, end);
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(end));
  if (!absl::ConsumePrefix(&rest, "=") || absl::StartsWith(rest, "=")) return false;
  *expression = rest;
  return true;
}

}  // namespace

bool GemspecCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view path = file.path;
  return absl::EndsWith(path, ".gemspec") && absl::StrContains(path, "/specifications/");
}

absl::Status GemspecCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  absl::string_view var = BlockVariable(input.data);
  if (var.empty()) {
    return absl::InvalidArgumentError(FileMessage(path, "no Gem::Specification.new block"));
  }
  Package package;
  package.ecosystem = Ecosystem::kGem;
  package.origin = PackageOrigin::kInstalled;
  for (absl::string_view line : SplitTextLines(input.data)) {
    absl::string_view attribute, expression;
    if (!Assignment(line, var, &attribute, &expression)) continue;
    std::vector<std::string> strings = RubyStringLiterals(expression);
    if (strings.empty()) continue;
    if (attribute == "name" && package.name.empty()) package.name = strings[0];
    if (attribute == "version" && package.version.empty()) package.version = strings[0];
    if ((attribute == "license" || attribute == "licenses") && package.licenses.empty()) {
      package.licenses = std::move(strings);
    }
  }
  if (package.name.empty()) return absl::InvalidArgumentError(FileMessage(path, "no gem name"));
  if (package.version.empty()) {
    return absl::InvalidArgumentError(FileMessage(path, "no gem version"));
  }
  facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
