#include "inventory/go_mod.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "inventory/go_modinfo.h"

namespace moat::inventory {
namespace {

struct Line {
  std::vector<std::string> tokens;
  std::string comment;  // text after "//", trimmed
};

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", what));
}

// Splits one line into tokens: words, quoted strings (quotes removed), "(", ")" and "=>".
absl::StatusOr<Line> Tokenize(absl::string_view text, int number) {
  Line line;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (text.substr(i, 2) == "//") {
      line.comment = std::string(absl::StripAsciiWhitespace(text.substr(i + 2)));
      break;
    } else if (c == '"' || c == '`') {
      size_t close = text.find(c, i + 1);
      if (close == absl::string_view::npos) return LineError(number, "unterminated quoted string");
      line.tokens.emplace_back(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '(' || c == ')') {
      line.tokens.emplace_back(1, c);
      ++i;
    } else if (text.substr(i, 2) == "=>") {
      line.tokens.emplace_back("=>");
      i += 2;
    } else {
      size_t start = i;
      while (i < text.size() && !absl::ascii_isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '(' && text[i] != ')' && text[i] != '"' && text[i] != '`' &&
             text.substr(i, 2) != "//" && text.substr(i, 2) != "=>") {
        ++i;
      }
      line.tokens.emplace_back(text.substr(start, i - start));
    }
  }
  return line;
}

absl::Status AddRequire(const Line& line, size_t first, int number, GoModFile* mod) {
  if (line.tokens.size() - first != 2) {
    return LineError(number, "require needs a module path and a version");
  }
  GoModFile::Require r{line.tokens[first], line.tokens[first + 1], false};
  for (absl::string_view word : absl::StrSplit(line.comment, absl::ByAnyChar(" \t;"))) {
    if (word == "indirect") r.indirect = true;
  }
  mod->required.push_back(std::move(r));
  return absl::OkStatus();
}

absl::Status AddReplace(const Line& line, size_t first, int number, GoModFile* mod) {
  const std::vector<std::string>& t = line.tokens;
  size_t arrow = first;
  while (arrow < t.size() && t[arrow] != "=>") ++arrow;
  size_t before = arrow - first, after = t.size() - arrow - 1;
  if (arrow == t.size() || before < 1 || before > 2 || after < 1 || after > 2) {
    return LineError(number, "replace needs 'module [version] => module [version]'");
  }
  GoModFile::Replace r;
  r.old_path = t[first];
  if (before == 2) r.old_version = t[first + 1];
  r.new_path = t[arrow + 1];
  if (after == 2) r.new_version = t[arrow + 2];
  if (after == 1 && !IsLocalPath(r.new_path)) {
    return LineError(number, "replacement module needs a version");
  }
  mod->replaces.push_back(std::move(r));
  return absl::OkStatus();
}

absl::Status AddDirective(absl::string_view verb, const Line& line, size_t first, int number,
                          GoModFile* mod) {
  if (verb == "require") return AddRequire(line, first, number, mod);
  if (verb == "replace") return AddReplace(line, first, number, mod);
  if (verb == "module" && line.tokens.size() > first) mod->module = line.tokens[first];
  return absl::OkStatus();
}

// The replace directive for `r`: one naming its exact version wins over one for all versions.
const GoModFile::Replace* FindReplace(const GoModFile& mod, const GoModFile::Require& r) {
  const GoModFile::Replace* any_version = nullptr;
  for (const GoModFile::Replace& rep : mod.replaces) {
    if (rep.old_path != r.path) continue;
    if (rep.old_version == r.version) return &rep;
    if (rep.old_version.empty()) any_version = &rep;
  }
  return any_version;
}

}  // namespace

absl::StatusOr<GoModFile> ParseGoMod(absl::string_view text) {
  GoModFile mod;
  std::string block;  // the verb of the open "verb (" block
  int block_start = 0, number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    absl::StatusOr<Line> line = Tokenize(raw, number);
    if (!line.ok()) return line.status();
    const std::vector<std::string>& t = line->tokens;
    if (t.empty()) continue;
    if (!block.empty()) {
      if (t.size() == 1 && t[0] == ")") {
        block.clear();
        continue;
      }
      if (absl::Status s = AddDirective(block, *line, 0, number, &mod); !s.ok()) return s;
    } else if (t.size() == 3 && t[1] == "(" && t[2] == ")") {
      continue;  // an empty block
    } else if (t.size() == 2 && t[1] == "(") {
      block = t[0];
      block_start = number;
    } else if (t[0] == "(" || t[0] == ")") {
      return LineError(number, absl::StrCat("unexpected '", t[0], "'"));
    } else if (absl::Status s = AddDirective(t[0], *line, 1, number, &mod); !s.ok()) {
      return s;
    }
  }
  if (!block.empty()) {
    return LineError(block_start, absl::StrCat("unterminated ", block, " block"));
  }
  return mod;
}

std::vector<Package> GoModPackages(const GoModFile& mod) {
  std::vector<Package> out;
  for (const GoModFile::Require& r : mod.required) {
    const GoModFile::Replace* rep = FindReplace(mod, r);
    if (rep != nullptr && IsLocalPath(rep->new_path)) continue;
    Package p;
    p.ecosystem = Ecosystem::kGolang;
    p.name = rep != nullptr ? rep->new_path : r.path;
    p.version = rep != nullptr ? rep->new_version : r.version;
    p.origin = PackageOrigin::kManifest;
    out.push_back(std::move(p));
  }
  return out;
}

bool GoModCataloger::Wants(const image::FileRecord& file) const {
  return file.IsRegular() && absl::EndsWith(file.path, "/go.mod");
}

absl::Status GoModCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::StatusOr<GoModFile> mod = ParseGoMod(input.data);
  if (!mod.ok()) return mod.status();
  for (Package& p : GoModPackages(*mod)) facts->packages.push_back(std::move(p));
  return absl::OkStatus();
}

}  // namespace moat::inventory
