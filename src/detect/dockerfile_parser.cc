#include "detect/dockerfile_parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json.h"

namespace moat::detect {
namespace {

constexpr absl::string_view kKeywords[] = {
    "FROM",    "RUN", "CMD",     "LABEL",      "MAINTAINER",  "EXPOSE",
    "ENV",     "ADD", "COPY",    "ENTRYPOINT", "VOLUME",      "USER",
    "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"};

bool IsKeyword(absl::string_view word) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

bool TakesFlags(absl::string_view k) {
  return k == "FROM" || k == "RUN" || k == "COPY" || k == "ADD" || k == "HEALTHCHECK";
}

bool TakesHeredoc(absl::string_view k) { return k == "RUN" || k == "COPY" || k == "ADD"; }

bool TakesExecForm(absl::string_view k) {
  return k == "RUN" || k == "CMD" || k == "ENTRYPOINT" || k == "SHELL" || k == "COPY" ||
         k == "ADD" || k == "VOLUME";
}

class Parser {
 public:
  Parser(absl::string_view path, absl::string_view content) : path_(path) {
    lines_ = absl::StrSplit(content, '\n');
    for (absl::string_view& l : lines_) absl::ConsumeSuffix(&l, "\r");
  }

  absl::StatusOr<Dockerfile> Run() {
    ReadDirectives();
    while (true) {
      SkipBlankAndComments();
      if (next_ >= lines_.size()) break;
      if (file_.instructions.size() >= kMaxDockerfileInstructions) {
        return absl::InvalidArgumentError(
            absl::StrCat(path_, ": more than ", kMaxDockerfileInstructions, " instructions"));
      }
      const int line = static_cast<int>(next_) + 1;
      std::string logical = ReadLogicalLine();
      absl::Status s = AddInstruction(line, logical);
      if (!s.ok()) return s;
    }
    if (file_.instructions.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(path_, ": no instructions"));
    }
    return std::move(file_);
  }

 private:
  // "# escape=`" and "# syntax=..." lines at the very top.
  void ReadDirectives() {
    for (; next_ < lines_.size(); ++next_) {
      absl::string_view l = absl::StripAsciiWhitespace(lines_[next_]);
      if (!absl::ConsumePrefix(&l, "#")) return;
      size_t eq = l.find('=');
      if (eq == absl::string_view::npos) return;
      std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(l.substr(0, eq)));
      if (key.empty() || key.find_first_of(" \t") != std::string::npos) return;
      absl::string_view value = absl::StripAsciiWhitespace(l.substr(eq + 1));
      if (key == "escape" && (value == "`" || value == "\\")) file_.escape = value[0];
    }
  }

  static bool IsComment(absl::string_view l) {
    return absl::StartsWith(absl::StripLeadingAsciiWhitespace(l), "#");
  }

  void SkipBlankAndComments() {
    while (next_ < lines_.size() &&
           (absl::StripAsciiWhitespace(lines_[next_]).empty() || IsComment(lines_[next_]))) {
      ++next_;
    }
  }

  // Joins continuation lines; comment and blank lines inside a continuation are dropped.
  std::string ReadLogicalLine() {
    std::string logical;
    bool first = true;
    while (next_ < lines_.size()) {
      absl::string_view l = lines_[next_++];
      if (!first && (IsComment(l) || absl::StripAsciiWhitespace(l).empty())) continue;
      first = false;
      absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(l);
      if (!trimmed.empty() && trimmed.back() == file_.escape) {
        trimmed.remove_suffix(1);
        absl::StrAppend(&logical, trimmed);
        continue;
      }
      absl::StrAppend(&logical, l);
      break;
    }
    return logical;
  }

  absl::Status Error(int line, absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(path_, ":", line, ": ", what));
  }

  absl::Status AddInstruction(int line, absl::string_view logical) {
    DockerfileInstruction ins;
    ins.line = line;
    absl::string_view text = absl::StripAsciiWhitespace(logical);
    size_t space = text.find_first_of(" \t");
    ins.keyword = absl::AsciiStrToUpper(text.substr(0, space));
    absl::string_view rest =
        space == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(text.substr(space));
    if (!IsKeyword(ins.keyword)) {
      return Error(
          line, absl::StrCat("unknown instruction \"",
                             absl::CHexEscape(text.substr(0, std::min<size_t>(space, 40))), "\""));
    }
    if (TakesFlags(ins.keyword)) rest = TakeFlags(rest, &ins.flags);
    ins.args = std::string(rest);
    if (TakesHeredoc(ins.keyword)) {
      absl::Status s = ReadHeredocs(line, &ins);
      if (!s.ok()) return s;
    }
    if (ins.args.empty() && ins.heredocs.empty()) {
      return Error(line, absl::StrCat(ins.keyword, " needs arguments"));
    }
    if (TakesExecForm(ins.keyword)) ParseExecForm(&ins);
    ins.original = ins.flags.empty() ? absl::StrCat(ins.keyword, " ", ins.args)
                                     : absl::StrCat(ins.keyword, " ", absl::StrJoin(ins.flags, " "),
                                                    " ", ins.args);
    file_.instructions.push_back(std::move(ins));
    return absl::OkStatus();
  }

  static absl::string_view TakeFlags(absl::string_view rest, std::vector<std::string>* flags) {
    while (absl::StartsWith(rest, "--")) {
      size_t end = rest.find_first_of(" \t");
      flags->emplace_back(rest.substr(0, end));
      if (end == absl::string_view::npos) return "";
      rest = absl::StripLeadingAsciiWhitespace(rest.substr(end));
    }
    return rest;
  }

  // Heredoc words in `args`: "<<EOF", "<<-EOF", "<<'EOF'", "<<\"EOF\"".
  static std::vector<std::pair<std::string, bool>> HeredocWords(absl::string_view args) {
    std::vector<std::pair<std::string, bool>> words;
    for (size_t at = args.find("<<"); at != absl::string_view::npos; at = args.find("<<", at + 2)) {
      size_t i = at + 2;
      bool strip_tabs = i < args.size() && args[i] == '-';
      if (strip_tabs) ++i;
      if (i < args.size() && (args[i] == '\'' || args[i] == '"')) ++i;
      size_t start = i;
      while (i < args.size() &&
             (absl::ascii_isalnum(static_cast<unsigned char>(args[i])) || args[i] == '_')) {
        ++i;
      }
      if (i == start || absl::ascii_isdigit(static_cast<unsigned char>(args[start]))) continue;
      words.emplace_back(std::string(args.substr(start, i - start)), strip_tabs);
    }
    return words;
  }

  absl::Status ReadHeredocs(int line, DockerfileInstruction* ins) {
    for (const auto& [word, strip_tabs] : HeredocWords(ins->args)) {
      std::vector<absl::string_view> body;
      bool closed = false;
      while (next_ < lines_.size()) {
        absl::string_view l = lines_[next_++];
        while (strip_tabs && absl::ConsumePrefix(&l, "\t")) {
        }
        if (l == word) {
          closed = true;
          break;
        }
        body.push_back(l);
      }
      if (!closed) {
        return Error(line, absl::StrCat("heredoc \"", word, "\" is not terminated"));
      }
      ins->heredocs.push_back(absl::StrJoin(body, "\n"));
    }
    return absl::OkStatus();
  }

  static void ParseExecForm(DockerfileInstruction* ins) {
    if (!absl::StartsWith(ins->args, "[")) return;
    auto json = ParseJson(ins->args, "exec form");
    if (!json.ok() || !json->is_array()) return;
    std::vector<std::string> items;
    for (const Json& item : *json) {
      if (!item.is_string()) return;
      items.push_back(item.get<std::string>());
    }
    ins->exec_form = true;
    ins->exec_args = std::move(items);
  }

  absl::string_view path_;
  std::vector<absl::string_view> lines_;
  size_t next_ = 0;
  Dockerfile file_;
};

}  // namespace

std::string DockerfileInstruction::Flag(absl::string_view name) const {
  for (const std::string& f : flags) {
    absl::string_view v = f;
    if (absl::ConsumePrefix(&v, "--") && absl::ConsumePrefix(&v, name) &&
        absl::ConsumePrefix(&v, "=")) {
      return std::string(v);
    }
  }
  return "";
}

absl::StatusOr<Dockerfile> ParseDockerfile(absl::string_view path, absl::string_view content) {
  if (content.size() > kMaxDockerfileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": larger than ", kMaxDockerfileBytes, " bytes"));
  }
  if (size_t nul = content.find('\0'); nul != absl::string_view::npos) {
    const int line = 1 + static_cast<int>(std::count(content.begin(), content.begin() + nul, '\n'));
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", line, ": NUL byte (not a text file)"));
  }
  return Parser(path, content).Run();
}

}  // namespace moat::detect
