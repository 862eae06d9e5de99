#include "detect/dockerfile_stages.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "detect/history_command.h"

namespace moat::detect {
namespace {

void AddGlobalArgs(const DockerfileInstruction& ins, std::map<std::string, std::string>* args) {
  for (const std::string& item : ParseKeyValues(ins.args)) {
    size_t eq = item.find('=');
    (*args)[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
  }
}

}  // namespace

DockerfileStages SplitStages(const Dockerfile& file) {
  DockerfileStages out;
  for (size_t i = 0; i < file.instructions.size(); ++i) {
    const DockerfileInstruction& ins = file.instructions[i];
    if (ins.keyword != "FROM") {
      if (!out.stages.empty()) {
        out.stages.back().instructions.push_back(i);
      } else if (ins.keyword == "ARG") {
        AddGlobalArgs(ins, &out.global_args);
      }
      continue;
    }
    DockerfileStage stage;
    stage.from = i;
    std::vector<absl::string_view> words =
        absl::StrSplit(ins.args, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (!words.empty()) stage.image = std::string(words[0]);
    if (words.size() >= 3 && absl::AsciiStrToLower(words[1]) == "as") {
      stage.alias = absl::AsciiStrToLower(words[2]);
    }
    const std::string image = absl::AsciiStrToLower(stage.image);
    for (size_t s = 0; s < out.stages.size(); ++s) {
      if (!out.stages[s].alias.empty() && out.stages[s].alias == image) stage.parent = s;
    }
    out.stages.push_back(std::move(stage));
  }
  return out;
}

std::string ExpandArgs(absl::string_view text, const std::map<std::string, std::string>& args) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out.push_back(text[i++]);
      continue;
    }
    const bool braced = text[i + 1] == '{';
    size_t start = i + (braced ? 2 : 1);
    size_t end = start;
    while (end < text.size() &&
           (absl::ascii_isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
      ++end;
    }
    std::string name(text.substr(start, end - start));
    std::string fallback;
    size_t close = end;
    if (braced) {
      close = text.find('}', end);
      if (close == absl::string_view::npos) {
        absl::StrAppend(&out, text.substr(i));
        break;
      }
      absl::string_view mod = text.substr(end, close - end);
      if (mod.size() >= 2 && mod[0] == ':' && mod[1] == '-') fallback = std::string(mod.substr(2));
      ++close;
    }
    auto it = args.find(name);
    if (name.empty()) {
      out.push_back(text[i++]);
      continue;
    }
    if (it != args.end() && !it->second.empty()) {
      out += it->second;
    } else if (!fallback.empty()) {
      out += fallback;
    } else {
      absl::StrAppend(&out, text.substr(i, close - i));
    }
    i = close;
  }
  return out;
}

}  // namespace moat::detect
