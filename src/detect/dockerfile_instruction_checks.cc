#include "detect/dockerfile_instruction_checks.h"

#include <algorithm>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "detect/config_secrets.h"
#include "detect/history_checks.h"
#include "detect/history_command.h"
#include "detect/history_secret_checks.h"

namespace moat::detect {
namespace {

std::string Excerpt(const DockerfileInstruction& ins) {
  std::vector<std::string> one = {ins.original};
  return CommandExcerpt(one);
}

void Hit(size_t i, const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  out->push_back({i, Excerpt(c.file.instructions[i])});
}

// The arguments as words: the exec form's items, or the shell form split with quotes removed.
std::vector<std::string> Words(const DockerfileInstruction& ins) {
  if (ins.exec_form) return ins.exec_args;
  std::vector<std::string> words;
  for (ShellCommand& cmd : SplitShellScript(ins.args)) {
    for (std::string& w : cmd.assignments) words.push_back(std::move(w));
    for (std::string& w : cmd.words) words.push_back(std::move(w));
  }
  return words;
}

absl::string_view Unquoted(absl::string_view s) {
  s = absl::StripAsciiWhitespace(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return s;
}

// Stage `s` and the earlier stages it is built FROM, last instruction first.
template <typename Fn>
bool FindInStageChain(const DockerfileContext& c, absl::string_view keyword, Fn&& fn) {
  int s = c.stages.stages.empty() ? -1 : static_cast<int>(c.stages.stages.size()) - 1;
  for (int hops = 0; s >= 0 && hops < 64; ++hops) {
    const DockerfileStage& stage = c.stages.stages[s];
    for (auto it = stage.instructions.rbegin(); it != stage.instructions.rend(); ++it) {
      if (c.file.instructions[*it].keyword == keyword) {
        fn(*it);
        return true;
      }
    }
    s = stage.parent;
  }
  return false;
}

void ForEach(const DockerfileContext& c, absl::string_view keyword,
             const std::function<void(size_t, const DockerfileInstruction&)>& fn) {
  for (size_t i = 0; i < c.file.instructions.size(); ++i) {
    if (c.file.instructions[i].keyword == keyword) fn(i, c.file.instructions[i]);
  }
}

void ReportRepeats(const DockerfileContext& c, absl::string_view keyword,
                   std::vector<DockerfileHit>* out) {
  for (const DockerfileStage& stage : c.stages.stages) {
    int seen = 0;
    for (size_t i : stage.instructions) {
      if (c.file.instructions[i].keyword == keyword && ++seen > 1) Hit(i, c, out);
    }
  }
}

// EXPOSE items as port ranges; false for variables and other non-numbers.
bool PortRange(absl::string_view item, int64_t* low, int64_t* high) {
  item = item.substr(0, item.find('/'));
  std::pair<absl::string_view, absl::string_view> ends = absl::StrSplit(item, '-');
  if (!absl::SimpleAtoi(ends.first, low)) return false;
  if (ends.second.empty()) {
    *high = *low;
    return true;
  }
  return absl::SimpleAtoi(ends.second, high);
}

bool IsArchive(absl::string_view src) {
  std::string s = absl::AsciiStrToLower(src);
  for (absl::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz",
                                ".txz", ".tar.zst", ".tzst", ".gz", ".bz2", ".xz"}) {
    if (absl::EndsWith(s, ext)) return true;
  }
  return false;
}

bool IsSecretFile(absl::string_view src) {
  absl::string_view base =
      src.substr(src.rfind('/') == absl::string_view::npos ? 0 : src.rfind('/') + 1);
  for (absl::string_view name :
       {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env", ".npmrc", ".pypirc", ".netrc",
        ".git-credentials", ".pgpass", ".htpasswd", ".dockercfg", "credentials", ".vault-token"}) {
    if (base == name) return true;
  }
  return absl::EndsWith(base, ".key") || absl::EndsWith(base, ".p12") ||
         absl::EndsWith(base, ".pfx");
}

}  // namespace

std::string RunScriptText(const DockerfileInstruction& ins) {
  std::string text;
  if (ins.exec_form) {
    const auto& a = ins.exec_args;
    text = a.size() >= 3 && a[a.size() - 2] == "-c" ? a.back() : absl::StrJoin(a, " ");
  } else {
    text = ins.args;
  }
  for (const std::string& body : ins.heredocs) absl::StrAppend(&text, "\n", body);
  return text;
}

void CheckLatestTag(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  for (const DockerfileStage& stage : c.stages.stages) {
    if (stage.parent >= 0) continue;
    std::string image = absl::AsciiStrToLower(ExpandArgs(stage.image, c.stages.global_args));
    if (image.empty() || image == "scratch" || absl::StrContains(image, "$") ||
        absl::StrContains(image, "@")) {
      continue;
    }
    size_t slash = image.rfind('/');
    size_t colon = image.rfind(':');
    std::string tag = colon != std::string::npos && (slash == std::string::npos || colon > slash)
                          ? image.substr(colon + 1)
                          : "";
    if (tag.empty() || tag == "latest") Hit(stage.from, c, out);
  }
}

void CheckRootUser(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  if (c.stages.stages.empty()) return;
  bool found = FindInStageChain(c, "USER", [&](size_t i) {
    absl::string_view user = Unquoted(c.file.instructions[i].args);
    absl::string_view name = user.substr(0, user.find(':'));
    if (name == "root" || name == "0") Hit(i, c, out);
  });
  if (!found) {
    size_t from = c.stages.stages.back().from;
    out->push_back({from, absl::StrCat(Excerpt(c.file.instructions[from]), " (no USER)")});
  }
}

void CheckPort22(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "EXPOSE", [&](size_t i, const DockerfileInstruction& ins) {
    for (const std::string& item : Words(ins)) {
      int64_t low = 0, high = 0;
      if (PortRange(item, &low, &high) && low <= 22 && 22 <= high) {
        Hit(i, c, out);
        return;
      }
    }
  });
}

void CheckPortRange(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "EXPOSE", [&](size_t i, const DockerfileInstruction& ins) {
    for (const std::string& item : Words(ins)) {
      int64_t low = 0, high = 0;
      if (PortRange(item, &low, &high) && (low < 0 || high > 65535 || low > high)) {
        Hit(i, c, out);
        return;
      }
    }
  });
}

void CheckAddInsteadOfCopy(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "ADD", [&](size_t i, const DockerfileInstruction& ins) {
    std::vector<std::string> words = Words(ins);
    if (words.size() < 2) return;
    for (size_t s = 0; s + 1 < words.size(); ++s) {
      const std::string& src = words[s];
      if (absl::StrContains(src, "://") || absl::StartsWith(src, "git@") || IsArchive(src)) {
        continue;
      }
      Hit(i, c, out);
      return;
    }
  });
}

void CheckCopyFromSelf(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  for (const DockerfileStage& stage : c.stages.stages) {
    if (stage.alias.empty()) continue;
    for (size_t i : stage.instructions) {
      const DockerfileInstruction& ins = c.file.instructions[i];
      if (ins.keyword == "COPY" && absl::AsciiStrToLower(ins.Flag("from")) == stage.alias) {
        Hit(i, c, out);
      }
    }
  }
}

void CheckMultipleEntrypoint(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ReportRepeats(c, "ENTRYPOINT", out);
}

void CheckMultipleCmd(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ReportRepeats(c, "CMD", out);
}

void CheckMultipleHealthcheck(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ReportRepeats(c, "HEALTHCHECK", out);
}

void CheckWorkdirRelative(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "WORKDIR", [&](size_t i, const DockerfileInstruction& ins) {
    absl::string_view p = Unquoted(ins.args);
    const bool windows =
        p.size() >= 2 && absl::ascii_isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':';
    if (p.empty() || p[0] == '/' || p[0] == '$' || p[0] == '\\' || windows) return;
    Hit(i, c, out);
  });
}

void CheckWorkdirSystem(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "WORKDIR", [&](size_t i, const DockerfileInstruction& ins) {
    absl::string_view p = Unquoted(ins.args);
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    for (absl::string_view dir : {"/proc", "/sys", "/dev", "/boot", "/initrd", "/lost+found"}) {
      if (p == dir || (absl::StartsWith(p, dir) && p[dir.size()] == '/')) {
        Hit(i, c, out);
        return;
      }
    }
  });
}

void CheckCopyManyNoSlash(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "COPY", [&](size_t i, const DockerfileInstruction& ins) {
    if (!ins.heredocs.empty()) return;
    std::vector<std::string> words = Words(ins);
    if (words.size() < 3) return;
    const std::string& dest = words.back();
    if (!absl::EndsWith(dest, "/") && !absl::StartsWith(dest, "$")) Hit(i, c, out);
  });
}

void CheckDuplicateAlias(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  std::vector<std::string> seen;
  for (const DockerfileStage& stage : c.stages.stages) {
    if (stage.alias.empty()) continue;
    if (std::find(seen.begin(), seen.end(), stage.alias) != seen.end()) Hit(stage.from, c, out);
    seen.push_back(stage.alias);
  }
}

void CheckWgetAndCurl(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  int64_t first_curl = -1, first_wget = -1;
  ForEach(c, "RUN", [&](size_t i, const DockerfileInstruction& ins) {
    for (const ShellCommand& cmd : SplitShellScript(RunScriptText(ins))) {
      absl::string_view prog = ProgramName(cmd);
      if (prog == "curl" && first_curl < 0) first_curl = i;
      if (prog == "wget" && first_wget < 0) first_wget = i;
    }
  });
  if (first_curl >= 0 && first_wget >= 0) Hit(std::max(first_curl, first_wget), c, out);
}

void CheckMaintainer(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  ForEach(c, "MAINTAINER", [&](size_t i, const DockerfileInstruction&) { Hit(i, c, out); });
}

void CheckNoHealthcheck(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  if (c.stages.stages.empty()) return;
  bool found = FindInStageChain(c, "HEALTHCHECK", [&](size_t i) {
    if (absl::AsciiStrToUpper(Unquoted(c.file.instructions[i].args)) == "NONE") Hit(i, c, out);
  });
  if (!found) {
    size_t from = c.stages.stages.back().from;
    out->push_back({from, absl::StrCat(Excerpt(c.file.instructions[from]), " (no HEALTHCHECK)")});
  }
}

void CheckSecretsInstructions(const DockerfileContext& c, std::vector<DockerfileHit>* out) {
  for (size_t i = 0; i < c.file.instructions.size(); ++i) {
    const DockerfileInstruction& ins = c.file.instructions[i];
    if (ins.keyword == "ARG" || ins.keyword == "ENV") {
      for (const std::string& item : ParseKeyValues(ins.args)) {
        absl::string_view name, value;
        if (!SplitAssignment(item, &name, &value)) name = item;
        // An ARG's value comes with --build-arg and lands in the history of every RUN after it.
        const bool secret = LooksLikeCredential(value) ||
                            (IsSecretName(name) && (ins.keyword == "ARG" || !value.empty()));
        if (!secret) continue;
        out->push_back({i, absl::StrCat(ins.keyword, " ", name, value.empty() ? "" : "=****")});
      }
    } else if (ins.keyword == "COPY" || ins.keyword == "ADD") {
      std::vector<std::string> words = Words(ins);
      for (size_t s = 0; s + 1 < words.size(); ++s) {
        if (IsSecretFile(words[s])) {
          Hit(i, c, out);
          break;
        }
      }
    }
  }
}

}  // namespace moat::detect
