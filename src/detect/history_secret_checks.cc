#include "detect/history_secret_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "detect/config_secrets.h"

namespace moat::detect {
namespace {

bool IsSecretFlag(absl::string_view flag) {
  for (absl::string_view f :
       {"--password", "--passwd", "--pass", "--token", "--api-key", "--apikey", "--client-secret",
        "--auth-token", "--access-token", "--secret-access-key", "--private-key"}) {
    if (flag == f) return true;
  }
  return false;
}

// Masks the password of "scheme://user:password@host"; false when there is none.
bool MaskUrlPassword(std::string* word) {
  size_t scheme = word->find("://");
  if (scheme == std::string::npos) return false;
  size_t start = scheme + 3;
  size_t end = word->find_first_of("/?#", start);
  if (end == std::string::npos) end = word->size();
  size_t at = word->rfind('@', end);
  if (at == std::string::npos || at < start) return false;
  size_t colon = word->find(':', start);
  if (colon == std::string::npos || colon > at) return false;
  if (!IsSecretValue(absl::string_view(*word).substr(colon + 1, at - colon - 1))) return false;
  word->replace(colon + 1, at - colon - 1, "****");
  return true;
}

// Masks the secret in words[i] (or in words[i + 1] for "--password value"); true when found.
bool MaskWord(absl::string_view prog, std::vector<std::string>& words, size_t i) {
  std::string& w = words[i];
  size_t eq = w.find('=');
  absl::string_view flag = absl::string_view(w).substr(0, eq);
  if (absl::StartsWith(w, "--") && IsSecretFlag(flag)) {
    if (eq != std::string::npos) {
      if (!IsSecretValue(absl::string_view(w).substr(eq + 1))) return false;
      w = absl::StrCat(flag, "=****");
      return true;
    }
    if (i + 1 < words.size() && IsSecretValue(words[i + 1])) {
      words[i + 1] = "****";
      return true;
    }
    return false;
  }
  if (prog == "curl" && (w == "-u" || w == "--user") && i + 1 < words.size()) {
    std::string& v = words[i + 1];
    size_t colon = v.find(':');
    if (colon != std::string::npos && IsSecretValue(absl::string_view(v).substr(colon + 1))) {
      v = absl::StrCat(v.substr(0, colon), ":****");
      return true;
    }
    return false;
  }
  if (absl::StartsWith(prog, "mysql") && absl::StartsWith(w, "-p") && w.size() > 2 &&
      IsSecretValue(absl::string_view(w).substr(2))) {
    w = "-p****";
    return true;
  }
  if (MaskUrlPassword(&w)) return true;
  if (LooksLikeCredential(w)) {
    w = MaskSecret(w);
    return true;
  }
  return false;
}

}  // namespace

bool SecretAssignment(absl::string_view assignment) {
  absl::string_view name, value;
  if (!SplitAssignment(assignment, &name, &value)) return false;
  return (IsSecretName(name) && IsSecretValue(value)) || LooksLikeCredential(value);
}

std::string MaskedAssignment(absl::string_view assignment) {
  size_t eq = assignment.find('=');
  return absl::StrCat(assignment.substr(0, eq), "=****");
}

bool InsecureTlsAssignment(absl::string_view assignment) {
  absl::string_view name, value;
  if (!SplitAssignment(assignment, &name, &value)) return false;
  std::string n = absl::AsciiStrToUpper(name);
  std::string v = absl::AsciiStrToLower(absl::StripAsciiWhitespace(value));
  if (n == "GIT_SSL_NO_VERIFY") return !v.empty() && v != "0" && v != "false";
  if (n == "NODE_TLS_REJECT_UNAUTHORIZED" || n == "PYTHONHTTPSVERIFY") return v == "0";
  if (n == "NPM_CONFIG_STRICT_SSL") return v == "false";
  return false;
}

void CheckCommandSecrets(const RunScript& script, std::vector<std::string>* out) {
  for (const std::string& arg : script.build_args) {
    if (SecretAssignment(arg)) out->push_back(MaskedAssignment(arg));
  }
  for (const ShellCommand& c : script.commands) {
    bool found = false;
    std::vector<std::string> shown;
    for (const std::string& a : c.assignments) {
      const bool secret = SecretAssignment(a);
      found = found || secret;
      shown.push_back(secret ? MaskedAssignment(a) : a);
    }
    std::vector<std::string> words = c.words;
    const absl::string_view prog = ProgramName(c);
    for (size_t i = 0; i < words.size(); ++i) {
      if (prog == "export" && SecretAssignment(words[i])) {
        words[i] = MaskedAssignment(words[i]);
        found = true;
        continue;
      }
      found = MaskWord(prog, words, i) || found;
    }
    if (!found) continue;
    shown.insert(shown.end(), words.begin(), words.end());
    out->push_back(CommandExcerpt(shown));
  }
}

void CheckAssignment(absl::string_view assignment, std::vector<CommandIssue>* out) {
  if (SecretAssignment(assignment)) {
    out->push_back(CommandIssue{FindCommandRule("MOAT-HIST-006"), MaskedAssignment(assignment)});
  }
  if (InsecureTlsAssignment(assignment)) {
    out->push_back(CommandIssue{FindCommandRule("MOAT-HIST-004"), std::string(assignment)});
  }
}

}  // namespace moat::detect
