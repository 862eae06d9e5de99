#include "detect/history_checks.h"

#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "detect/config_secrets.h"
#include "detect/history_package_checks.h"
#include "detect/history_secret_checks.h"

namespace moat::detect {
namespace {

using Args = std::vector<absl::string_view>;
using CheckFn = void (*)(const RunScript&, std::vector<std::string>*);

bool In(absl::string_view word, std::initializer_list<absl::string_view> set) {
  for (absl::string_view s : set) {
    if (word == s) return true;
  }
  return false;
}

bool IsDownloader(absl::string_view prog) { return In(prog, {"curl", "wget", "fetch"}); }

bool IsInterpreter(absl::string_view prog) {
  return In(prog, {"sh", "bash", "zsh", "dash", "ash", "ksh", "python", "python2", "python3",
                   "perl", "ruby", "node", "php"});
}

void CheckPipeToShell(const RunScript& s, std::vector<std::string>* out) {
  std::string download;  // the downloader earlier in the current pipeline
  for (const ShellCommand& c : s.commands) {
    if (!c.reads_pipe) download.clear();
    absl::string_view prog = ProgramName(c);
    if (IsInterpreter(prog)) {
      if (!download.empty()) {
        out->push_back(absl::StrCat(download, " | ", CommandExcerpt(c.words)));
        download.clear();
        continue;
      }
      for (absl::string_view a : ProgramArgs(c)) {
        for (absl::string_view sub : {"$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget"}) {
          if (absl::StrContains(a, sub)) {
            out->push_back(CommandExcerpt(c.words));
            break;
          }
        }
      }
    }
    if (IsDownloader(prog)) download = CommandExcerpt(c.words);
  }
}

bool IsLocalHost(absl::string_view host) {
  return host == "localhost" || absl::StartsWith(host, "127.") || host == "[::1]" ||
         host == "0.0.0.0";
}

// The host of the first "http://" URL in `word`, "" when there is none.
absl::string_view PlainHttpHost(absl::string_view word) {
  std::string lower = absl::AsciiStrToLower(word);
  size_t at = lower.find("http://");
  if (at == std::string::npos) return "";
  absl::string_view rest = word.substr(at + 7);
  absl::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t user = authority.rfind('@');
  if (user != absl::string_view::npos) authority.remove_prefix(user + 1);
  absl::string_view host = authority.substr(0, authority.find(':'));
  return host.empty() ? absl::string_view("?") : host;
}

void CheckPlainHttp(const RunScript& s, std::vector<std::string>* out) {
  for (const ShellCommand& c : s.commands) {
    absl::string_view prog = ProgramName(c);
    if (!IsDownloader(prog) && !In(prog, {"git", "pip", "pip3", "apk", "aria2c"})) continue;
    for (absl::string_view a : ProgramArgs(c)) {
      absl::string_view host = PlainHttpHost(a);
      if (!host.empty() && !IsLocalHost(host)) {
        out->push_back(CommandExcerpt(c.words));
        break;
      }
    }
  }
}

// Octal with the others' write bit and no sticky bit, or a symbolic mode granting o/a write.
bool WorldWritableMode(absl::string_view mode) {
  int bits = 0;
  if (mode.size() >= 3 && mode.size() <= 4 &&
      mode.find_first_not_of("01234567") == absl::string_view::npos) {
    for (char c : mode) bits = bits * 8 + (c - '0');
    return (bits & 02) != 0 && (bits & 01000) == 0;
  }
  for (absl::string_view clause : absl::StrSplit(mode, ',')) {
    size_t op = clause.find_first_of("+=");
    if (op == absl::string_view::npos || op == 0) continue;
    absl::string_view who = clause.substr(0, op);
    if (who.find_first_not_of("ugoa") != absl::string_view::npos) continue;
    if (who.find_first_of("oa") != absl::string_view::npos &&
        clause.find('w', op) != absl::string_view::npos) {
      return true;
    }
  }
  return false;
}

void CheckChmod(const RunScript& s, std::vector<std::string>* out) {
  for (const ShellCommand& c : s.commands) {
    if (ProgramName(c) != "chmod") continue;
    for (absl::string_view a : ProgramArgs(c)) {
      if (absl::StartsWith(a, "-")) continue;
      if (WorldWritableMode(a)) out->push_back(CommandExcerpt(c.words));
      break;
    }
  }
}

// curl's short options that take a value: letters after one of them are that value.
bool CurlShortInsecure(absl::string_view w) {
  if (w.size() < 2 || w[0] != '-' || w[1] == '-') return false;
  for (char c : w.substr(1)) {
    if (c == 'k') return true;
    if (absl::string_view("oOuHdXAeTFbcCDEKmrwxyYzQtUP").find(c) != absl::string_view::npos) {
      return false;
    }
  }
  return false;
}

bool InsecureArgs(absl::string_view prog, const Args& a) {
  for (size_t i = 0; i < a.size(); ++i) {
    std::string w = absl::AsciiStrToLower(a[i]);
    std::string next = i + 1 < a.size() ? absl::AsciiStrToLower(a[i + 1]) : "";
    if (prog == "curl" && (w == "--insecure" || CurlShortInsecure(a[i]))) return true;
    if (w == "--no-check-certificate" || w == "--no-verify-ssl") return true;
    if (absl::StartsWith(w, "--trusted-host")) return true;
    if (w == "--strict-ssl=false" || w == "strict-ssl=false" ||
        (w == "strict-ssl" && next == "false")) {
      return true;
    }
    if (w == "http.sslverify=false" || (w == "http.sslverify" && In(next, {"false", "0", "no"}))) {
      return true;
    }
    if (absl::StrContains(w, "verify-peer=false") || absl::StrContains(w, "verify-host=false")) {
      return true;
    }
  }
  return false;
}

void CheckInsecureTls(const RunScript& s, std::vector<std::string>* out) {
  for (const ShellCommand& c : s.commands) {
    absl::string_view prog = ProgramName(c);
    bool insecure = InsecureArgs(prog, ProgramArgs(c));
    for (const std::string& a : c.assignments) insecure = insecure || InsecureTlsAssignment(a);
    if (prog == "export") {
      for (absl::string_view a : ProgramArgs(c)) insecure = insecure || InsecureTlsAssignment(a);
    }
    if (insecure) out->push_back(CommandExcerpt(c.words.empty() ? c.assignments : c.words));
  }
}

void CheckSudo(const RunScript& s, std::vector<std::string>* out) {
  for (const ShellCommand& c : s.commands) {
    if (!c.words.empty() && c.words[0] == "sudo") out->push_back(CommandExcerpt(c.words));
  }
}

void CheckCd(const RunScript& s, std::vector<std::string>* out) {
  for (const ShellCommand& c : s.commands) {
    if (ProgramName(c) == "cd") out->push_back(CommandExcerpt(c.words));
  }
}

struct RuleEntry {
  CommandRule rule;
  CheckFn check;
};

const std::vector<RuleEntry>& Entries() {
  static const std::vector<RuleEntry>* entries = new std::vector<RuleEntry>{
      {{"MOAT-HIST-001", "", "high", "Download piped into a shell",
        "Download to a file, verify its checksum or signature, then run it."},
       CheckPipeToShell},
      {{"MOAT-HIST-002", "", "medium", "Download over plain HTTP",
        "Download over https:// and verify the checksum of what was downloaded."},
       CheckPlainHttp},
      {{"MOAT-HIST-003", "", "medium", "chmod makes files world-writable",
        "Grant only the permissions needed (755 for programs, 644 for data); never 777."},
       CheckChmod},
      {{"MOAT-HIST-004", "", "high", "TLS certificate verification disabled",
        "Keep certificate checks on; add the missing CA certificate to the image instead."},
       CheckInsecureTls},
      {{"MOAT-HIST-005", "", "low", "Package installed without a pinned version",
        "Pin versions (apt-get install pkg=1.2-3, apk add pkg=1.2-r0, pip install pkg==1.2, "
        "npm install -g pkg@1.2, gem install pkg -v 1.2) so rebuilds are reproducible."},
       CheckUnpinnedInstalls},
      {{"MOAT-HIST-006", "MOAT-DS-031", "high", "Secret in a build argument or command line",
        "Pass secrets with RUN --mount=type=secret (BuildKit); build args, ENV and command lines "
        "are stored in the image history for anyone who pulls it."},
       CheckCommandSecrets},
      {{"MOAT-HIST-007", "MOAT-DS-010", "medium", "sudo used in a build command",
        "Build steps already run as root; drop sudo, and use USER to switch users."},
       CheckSudo},
      {{"MOAT-HIST-008", "", "low", "apt lists left in the layer",
        "End the same RUN with rm -rf /var/lib/apt/lists/*."},
       CheckAptCache},
      {{"MOAT-HIST-008", "MOAT-DS-025", "low", "'apk add' without --no-cache",
        "Use apk add --no-cache."},
       CheckApkCache},
      {{"MOAT-HIST-008", "", "low", "pip cache left in the layer",
        "Use pip install --no-cache-dir."},
       CheckPipCache},
      {{"MOAT-HIST-008", "MOAT-DS-015", "low", "'yum clean all' missing",
        "End the same RUN with yum clean all."},
       CheckYumCache},
      {{"MOAT-HIST-008", "MOAT-DS-019", "low", "'dnf clean all' missing",
        "End the same RUN with dnf clean all."},
       CheckDnfCache},
      {{"MOAT-HIST-008", "MOAT-DS-027", "low", "'microdnf clean all' missing",
        "End the same RUN with microdnf clean all."},
       CheckMicrodnfCache},
      {{"MOAT-HIST-008", "MOAT-DS-020", "low", "'zypper clean' missing",
        "End the same RUN with zypper clean."},
       CheckZypperCache},
      {{"", "MOAT-DS-013", "low", "RUN cd to change directory",
        "Use WORKDIR to change directory; a cd lasts only for its RUN."},
       CheckCd},
      {{"", "MOAT-DS-017", "medium", "Package index updated in a RUN of its own",
        "Update and install in the same RUN (apt-get update && apt-get install -y ...), so a "
        "cached update layer never pairs with a later install."},
       CheckUpdateAlone},
      {{"", "MOAT-DS-021", "medium", "'apt-get install' without -y",
        "Add -y (or --yes) so the build never waits for an answer."},
       CheckAptMissingYes},
      {{"", "MOAT-DS-024", "medium", "'apt-get dist-upgrade' used",
        "Do not upgrade the whole distribution in an image; use a newer base image or upgrade "
        "specific packages."},
       CheckAptDistUpgrade},
      {{"", "MOAT-DS-029", "low", "'apt-get install' without --no-install-recommends",
        "Add --no-install-recommends to keep unneeded packages out of the image."},
       CheckAptMissingNoRecommends},
  };
  return *entries;
}

}  // namespace

const std::vector<CommandRule>& CommandRules() {
  static const std::vector<CommandRule>* rules = [] {
    auto* r = new std::vector<CommandRule>;
    for (const RuleEntry& e : Entries()) r->push_back(e.rule);
    return r;
  }();
  return *rules;
}

const CommandRule* FindCommandRule(absl::string_view id) {
  for (const RuleEntry& e : Entries()) {
    if (e.rule.history_id == id || e.rule.dockerfile_id == id) return &e.rule;
  }
  return nullptr;
}

std::vector<CommandIssue> CheckRunScript(const RunScript& script, CommandContext context) {
  std::vector<CommandIssue> issues;
  for (const RuleEntry& e : Entries()) {
    if (context == CommandContext::kHistory && e.rule.history_id.empty()) continue;
    std::vector<std::string> excerpts;
    e.check(script, &excerpts);
    for (std::string& x : excerpts) issues.push_back(CommandIssue{&e.rule, std::move(x)});
  }
  return issues;
}

std::string CommandExcerpt(const std::vector<std::string>& words) {
  constexpr size_t kMax = 200;
  std::string out = absl::StrJoin(words, " ");
  if (out.size() > kMax) {
    size_t cut = kMax;
    // Never cut a UTF-8 sequence.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

}  // namespace moat::detect
