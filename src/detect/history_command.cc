#include "detect/history_command.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace moat::detect {
namespace {

constexpr absl::string_view kNop = "#(nop)";
constexpr absl::string_view kBuildkitSuffix = "# buildkit";

// Strips a "/bin/sh -c " (or bash, or "sh -c") prefix; true when there was one.
bool StripShellPrefix(absl::string_view* text) {
  for (absl::string_view shell :
       {"/bin/sh -c ", "/bin/bash -c ", "/bin/ash -c ", "sh -c ", "bash -c ",
        "/bin/sh -o pipefail -c ", "/bin/bash -o pipefail -c "}) {
    if (absl::ConsumePrefix(text, shell)) return true;
  }
  return false;
}

// "|2 A=1 B=2 rest" -> build args {A=1, B=2}, rest. Values with spaces are cut at the first
// space, as Docker records them unquoted.
void StripBuildArgs(absl::string_view* text, std::vector<std::string>* args) {
  if (text->empty() || (*text)[0] != '|') return;
  size_t space = text->find(' ');
  int count = 0;
  if (space == absl::string_view::npos || !absl::SimpleAtoi(text->substr(1, space - 1), &count) ||
      count < 0) {
    return;
  }
  text->remove_prefix(space + 1);
  for (int i = 0; i < count && !text->empty(); ++i) {
    size_t end = text->find(' ');
    if (end == absl::string_view::npos) end = text->size();
    args->emplace_back(text->substr(0, end));
    text->remove_prefix(std::min(end + 1, text->size()));
  }
}

bool IsInstructionWord(absl::string_view word) {
  for (absl::string_view known :
       {"RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "COPY", "ADD", "LABEL", "EXPOSE", "USER",
        "WORKDIR", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "MAINTAINER"}) {
    if (word == known) return true;
  }
  return false;
}

// "INSTRUCTION rest" when `text` starts with a Dockerfile instruction word.
bool SplitInstruction(absl::string_view text, BuildStep* step) {
  size_t space = text.find_first_of(" \t");
  absl::string_view word = text.substr(0, space);
  if (!IsInstructionWord(word)) return false;
  step->instruction = std::string(word);
  absl::string_view rest =
      space == absl::string_view::npos ? absl::string_view() : text.substr(space + 1);
  step->text = std::string(absl::StripAsciiWhitespace(rest));
  return true;
}

// Shell words and separators, one pass, no expansion.
class ShellSplitter {
 public:
  explicit ShellSplitter(absl::string_view script) : s_(script) {}

  std::vector<ShellCommand> Run() {
    while (pos_ < s_.size() && commands_.size() < kMaxShellCommands) Step();
    EndWord();
    EndCommand(false);
    return std::move(commands_);
  }

 private:
  void Step() {
    char c = s_[pos_];
    if (c == '\\') return Escape();
    if (c == '\'') return SingleQuoted();
    if (c == '"') return DoubleQuoted();
    if (c == '`') return Nested('`', '`');
    if (c == '$' && Peek(1) == '(') return Nested('(', ')', 1);
    if (c == '<' && Peek(1) == '(') return Nested('(', ')', 1);
    if (c == '#' && word_.empty() && !in_word_) return Comment();
    if (c == ' ' || c == '\t' || c == '\r') {
      EndWord();
      ++pos_;
      return;
    }
    if (c == '>' || c == '<') return Redirect();
    if (c == ';' || c == '\n' || c == '(' || c == ')') {
      EndWord();
      EndCommand(false);
      ++pos_;
      return;
    }
    if (c == '&' || c == '|') return Operator(c);
    word_.push_back(c);
    in_word_ = true;
    ++pos_;
  }

  char Peek(size_t ahead) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  void Escape() {
    if (Peek(1) == '\n') {  // line continuation
      pos_ += 2;
      return;
    }
    if (pos_ + 1 >= s_.size()) {  // a lone backslash at the end
      ++pos_;
      return;
    }
    word_.push_back(s_[pos_ + 1]);
    in_word_ = true;
    pos_ += 2;
  }

  void SingleQuoted() {
    size_t end = s_.find('\'', pos_ + 1);
    if (end == absl::string_view::npos) end = s_.size();
    absl::StrAppend(&word_, s_.substr(pos_ + 1, end - pos_ - 1));
    in_word_ = true;
    pos_ = end + 1;
  }

  void DoubleQuoted() {
    in_word_ = true;
    ++pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_];
      if (c == '\\' && pos_ + 1 < s_.size()) {
        char next = s_[pos_ + 1];
        if (next == '\n') {
          pos_ += 2;
          continue;
        }
        if (next == '"' || next == '\\' || next == '$' || next == '`') {
          word_.push_back(next);
          pos_ += 2;
          continue;
        }
      }
      word_.push_back(c);
      ++pos_;
    }
    ++pos_;
  }

  // $(...), <(...) and `...` stay inside the current word, nesting counted.
  void Nested(char open, char close, size_t prefix = 0) {
    in_word_ = true;
    absl::StrAppend(&word_, s_.substr(pos_, prefix + 1));
    pos_ += prefix + 1;
    int depth = 1;
    while (pos_ < s_.size() && depth > 0) {
      char c = s_[pos_];
      if (c == close) {
        --depth;
      } else if (c == open && open != close) {
        ++depth;
      }
      word_.push_back(c);
      ++pos_;
    }
  }

  void Comment() {
    size_t end = s_.find('\n', pos_);
    pos_ = end == absl::string_view::npos ? s_.size() : end;
  }

  // ">", ">>", "2>&1", "<", "&>": a word of their own, so "&" here separates nothing.
  void Redirect() {
    EndWord();
    std::string op(1, s_[pos_++]);
    while (pos_ < s_.size() && (s_[pos_] == '>' || s_[pos_] == '&' || s_[pos_] == '<')) {
      op.push_back(s_[pos_++]);
    }
    AddWord(std::move(op));
  }

  void Operator(char c) {
    EndWord();
    const bool pipe = c == '|' && Peek(1) != '|';
    pos_ += (Peek(1) == c || (c == '|' && Peek(1) == '&')) ? 2 : 1;
    EndCommand(pipe);
  }

  void EndWord() {
    if (!in_word_) return;
    AddWord(std::move(word_));
    word_.clear();
    in_word_ = false;
  }

  void AddWord(std::string word) {
    absl::string_view name, value;
    if (current_.words.empty() && SplitAssignment(word, &name, &value)) {
      if (current_.assignments.size() < kMaxShellWords) current_.assignments.push_back(word);
      return;
    }
    if (current_.words.empty() && IsKeyword(word)) return;
    if (current_.words.size() < kMaxShellWords) current_.words.push_back(std::move(word));
  }

  static bool IsKeyword(absl::string_view word) {
    for (absl::string_view k : {"if", "then", "else", "elif", "fi", "do", "done", "while", "until",
                                "!", "{", "}", "esac"}) {
      if (word == k) return true;
    }
    return false;
  }

  // `next_reads_pipe`: the command after this one reads its output.
  void EndCommand(bool next_reads_pipe) {
    if (!current_.words.empty() || !current_.assignments.empty()) {
      commands_.push_back(std::move(current_));
    }
    current_ = ShellCommand();
    current_.reads_pipe = next_reads_pipe;
  }

  absl::string_view s_;
  size_t pos_ = 0;
  std::string word_;
  bool in_word_ = false;
  ShellCommand current_;
  std::vector<ShellCommand> commands_;
};

}  // namespace

BuildStep ParseCreatedBy(absl::string_view created_by) {
  BuildStep step;
  absl::string_view text = absl::StripAsciiWhitespace(created_by);
  if (absl::ConsumeSuffix(&text, kBuildkitSuffix)) text = absl::StripTrailingAsciiWhitespace(text);
  // BuildKit: "RUN |1 A=b /bin/sh -c cmd" and "RUN /bin/sh -c cmd".
  if (absl::ConsumePrefix(&text, "RUN ")) {
    StripBuildArgs(&text, &step.build_args);
    StripShellPrefix(&text);
    step.instruction = "RUN";
    step.text = std::string(absl::StripAsciiWhitespace(text));
    return step;
  }
  StripBuildArgs(&text, &step.build_args);
  const bool shell = StripShellPrefix(&text);
  if (shell && absl::ConsumePrefix(&text, kNop)) {
    text = absl::StripLeadingAsciiWhitespace(text);
    if (SplitInstruction(text, &step)) return step;
    step.instruction = "NOP";
    step.text = std::string(text);
    return step;
  }
  if (!shell && SplitInstruction(text, &step)) return step;
  step.instruction = "RUN";
  step.text = std::string(text);
  return step;
}

std::vector<ShellCommand> SplitShellScript(absl::string_view script) {
  return ShellSplitter(script).Run();
}

std::vector<std::string> ParseKeyValues(absl::string_view text) {
  std::vector<std::string> items;
  std::vector<ShellCommand> parsed = SplitShellScript(text);
  if (parsed.empty()) return items;
  ShellCommand& first = parsed[0];
  items = std::move(first.assignments);
  if (items.empty() && !first.words.empty()) {
    // Legacy "ENV NAME value with spaces"; labels may also have dotted names ("a.b=c").
    size_t space = absl::StripLeadingAsciiWhitespace(text).find_first_of(" \t=");
    absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(text);
    if (space != absl::string_view::npos && trimmed[space] != '=') {
      items.push_back(absl::StrCat(trimmed.substr(0, space), "=",
                                   absl::StripAsciiWhitespace(trimmed.substr(space + 1))));
      return items;
    }
  }
  for (std::string& w : first.words) items.push_back(std::move(w));
  return items;
}

bool SplitAssignment(absl::string_view word, absl::string_view* name, absl::string_view* value) {
  size_t eq = word.find('=');
  if (eq == 0 || eq == absl::string_view::npos) return false;
  absl::string_view n = word.substr(0, eq);
  if (absl::ascii_isdigit(static_cast<unsigned char>(n[0]))) return false;
  for (char c : n) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  *name = n;
  *value = word.substr(eq + 1);
  return true;
}

size_t ProgramIndex(const ShellCommand& command) {
  const auto& w = command.words;
  size_t i = 0;
  while (i < w.size()) {
    absl::string_view word = w[i];
    if (word == "sudo") {
      ++i;
      while (i < w.size() && absl::StartsWith(w[i], "-")) {
        // Options that take a value.
        bool takes = w[i] == "-u" || w[i] == "-g" || w[i] == "-C" || w[i] == "-h";
        i += takes ? 2 : 1;
      }
    } else if (word == "env") {
      ++i;
      absl::string_view n, v;
      while (i < w.size() && (absl::StartsWith(w[i], "-") || SplitAssignment(w[i], &n, &v))) ++i;
    } else if (word == "exec" || word == "nohup" || word == "time" || word == "command") {
      ++i;
    } else {
      break;
    }
  }
  return std::min(i, w.size());
}

absl::string_view ProgramName(const ShellCommand& command) {
  size_t i = ProgramIndex(command);
  if (i >= command.words.size()) return "";
  absl::string_view name = command.words[i];
  size_t slash = name.rfind('/');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

std::vector<absl::string_view> ProgramArgs(const ShellCommand& command) {
  std::vector<absl::string_view> args;
  for (size_t i = ProgramIndex(command) + 1; i < command.words.size(); ++i) {
    args.push_back(command.words[i]);
  }
  return args;
}

}  // namespace moat::detect
