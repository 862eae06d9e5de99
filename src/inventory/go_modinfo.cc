#include "inventory/go_modinfo.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace moat::inventory {
namespace {

absl::Status LineError(int line, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("Go module info line ", line, ": ", what));
}

absl::Status ReadModule(absl::string_view rest, int line, GoModule* out) {
  std::vector<absl::string_view> cols = absl::StrSplit(rest, '\t');
  if (cols.size() != 2 && cols.size() != 3) {
    return LineError(line, absl::StrCat("expected 2 or 3 columns, got ", cols.size()));
  }
  if (cols[0].empty()) return LineError(line, "module path is empty");
  out->path = std::string(cols[0]);
  out->version = std::string(cols[1]);
  if (cols.size() == 3) out->sum = std::string(cols[2]);
  return absl::OkStatus();
}

void AppendUtf8(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | ((code >> 18) & 0x07)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

// Decodes the escape after a backslash at text[*i]; advances *i past it.
bool UnescapeOne(absl::string_view text, size_t* i, std::string* out) {
  static constexpr absl::string_view kSimple = "n\nt\tr\ra\ab\bf\fv\v\\\\\"\"''";
  char c = text[*i];
  for (size_t k = 0; k + 1 < kSimple.size(); k += 2) {
    if (kSimple[k] == c) {
      out->push_back(kSimple[k + 1]);
      ++*i;
      return true;
    }
  }
  int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
  if (digits == 0 || text.size() - *i - 1 < static_cast<size_t>(digits)) return false;
  uint32_t code = 0;
  for (int d = 1; d <= digits; ++d) {
    char h = text[*i + d];
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(h))) return false;
    code = code * 16 + (absl::ascii_isdigit(static_cast<unsigned char>(h))
                            ? h - '0'
                            : absl::ascii_tolower(static_cast<unsigned char>(h)) - 'a' + 10);
  }
  *i += digits + 1;
  if (c == 'x') {
    out->push_back(static_cast<char>(code));
  } else {
    if (code > 0x10ffff) return false;
    AppendUtf8(code, out);
  }
  return true;
}

// Go's strconv.Unquote for the quoted build-setting values; false when malformed.
bool UnquoteGo(absl::string_view text, std::string* out) {
  if (text.size() < 2 || text.front() != text.back()) return false;
  absl::string_view body = text.substr(1, text.size() - 2);
  if (text.front() == '`') {
    if (absl::StrContains(body, '`')) return false;
    *out = std::string(body);
    return true;
  }
  if (text.front() != '"') return false;
  out->clear();
  for (size_t i = 0; i < body.size();) {
    if (body[i] == '"') return false;
    if (body[i] != '\\') {
      out->push_back(body[i++]);
      continue;
    }
    ++i;
    if (i >= body.size() || !UnescapeOne(body, &i, out)) return false;
  }
  return true;
}

// A build line "key=value"; malformed settings are skipped (they are informational).
void ReadSetting(absl::string_view kv, GoBuildInfo* info) {
  std::string key, value;
  size_t eq = kv.find('=');
  if (eq == absl::string_view::npos || eq == 0) return;
  if (kv.front() == '"' || kv.front() == '`') {
    // A quoted key may contain '=': find the closing quote first.
    size_t close = kv.find(kv.front(), 1);
    while (close != absl::string_view::npos && kv.front() == '"' && kv[close - 1] == '\\') {
      close = kv.find('"', close + 1);
    }
    if (close == absl::string_view::npos || close + 1 >= kv.size() || kv[close + 1] != '=') return;
    if (!UnquoteGo(kv.substr(0, close + 1), &key)) return;
    eq = close + 1;
  } else {
    key = std::string(kv.substr(0, eq));
  }
  absl::string_view raw = kv.substr(eq + 1);
  if (!raw.empty() && (raw.front() == '"' || raw.front() == '`')) {
    if (!UnquoteGo(raw, &value)) return;
  } else {
    value = std::string(raw);
  }
  info->settings.emplace_back(std::move(key), std::move(value));
}

// Splits ldflags like a shell would: whitespace separates, quotes group and are removed.
std::vector<std::string> SplitFlags(absl::string_view flags) {
  std::vector<std::string> out;
  std::string current;
  bool in_token = false;
  char quote = 0;
  for (char c : flags) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        current.push_back(c);
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_token = true;
    } else if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      if (in_token) out.push_back(std::move(current));
      current.clear();
      in_token = false;
    } else {
      current.push_back(c);
      in_token = true;
    }
  }
  if (in_token) out.push_back(std::move(current));
  return out;
}

// Go's semver.IsValid, with or without the leading "v": "1", "1.2", "1.2.3[-pre][+build]".
bool LooksLikeSemver(absl::string_view v) {
  absl::ConsumePrefix(&v, "v");
  int parts = 0;
  while (true) {
    size_t n = 0;
    while (n < v.size() && absl::ascii_isdigit(static_cast<unsigned char>(v[n]))) ++n;
    if (n == 0 || (n > 1 && v[0] == '0')) return false;
    ++parts;
    v.remove_prefix(n);
    if (v.empty()) return true;
    if (v[0] != '.' || parts == 3) break;
    v.remove_prefix(1);
  }
  if (parts != 3 || (v[0] != '-' && v[0] != '+') || v.size() < 2) return false;
  for (char c : v.substr(1)) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '+') {
      return false;
    }
  }
  return true;
}

bool IsVersionKey(absl::string_view key) {
  std::string lower = absl::AsciiStrToLower(key);
  return (absl::StartsWith(lower, "main.") || absl::StrContains(lower, "/cmd/")) &&
         absl::StrContains(lower, "ver");
}

}  // namespace

std::string GoLdflagsVersion(absl::string_view ldflags) {
  std::vector<std::string> tokens = SplitFlags(ldflags);
  for (size_t i = 0; i < tokens.size(); ++i) {
    absl::string_view token = tokens[i];
    absl::string_view assignment;
    if (token == "-X" || token == "--X") {
      if (i + 1 < tokens.size()) assignment = tokens[++i];
    } else if (absl::ConsumePrefix(&token, "-X=") || absl::ConsumePrefix(&token, "--X=") ||
               absl::ConsumePrefix(&token, "-X")) {
      assignment = token;
    }
    size_t eq = assignment.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::string_view key = assignment.substr(0, eq);
    absl::string_view value = assignment.substr(eq + 1);
    if (!IsVersionKey(key) || !LooksLikeSemver(value)) continue;
    return absl::StartsWith(value, "v") ? std::string(value) : absl::StrCat("v", value);
  }
  return "";
}

absl::StatusOr<GoBuildInfo> ParseGoModInfo(absl::string_view text) {
  GoBuildInfo info;
  GoModule* last = nullptr;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view rest = line;
    if (absl::ConsumePrefix(&rest, "path\t")) {
      info.path = std::string(rest);
    } else if (absl::ConsumePrefix(&rest, "mod\t")) {
      if (absl::Status s = ReadModule(rest, line_number, &info.main); !s.ok()) return s;
      last = &info.main;
    } else if (absl::ConsumePrefix(&rest, "dep\t")) {
      info.deps.emplace_back();  // `last` is only used by the line right after this one
      if (absl::Status s = ReadModule(rest, line_number, &info.deps.back()); !s.ok()) return s;
      last = &info.deps.back();
    } else if (absl::ConsumePrefix(&rest, "=>\t")) {
      GoModule replacement;
      if (absl::Status s = ReadModule(rest, line_number, &replacement); !s.ok()) return s;
      if (last == nullptr) return LineError(line_number, "replacement with no module before it");
      last->replace_path = std::move(replacement.path);
      last->replace_version = std::move(replacement.version);
      last = nullptr;
    } else if (absl::ConsumePrefix(&rest, "build\t")) {
      ReadSetting(rest, &info);
    }
  }
  return info;
}

bool IsLocalPath(absl::string_view path) {
  return absl::StartsWith(path, "./") || absl::StartsWith(path, "../") ||
         absl::StartsWith(path, "/") || path == "." || path == ".." ||
         (path.size() >= 2 && path[1] == ':') || absl::StartsWith(path, ".\\") ||
         absl::StartsWith(path, "..\\");
}

std::string GoSetting(const GoBuildInfo& info, absl::string_view key) {
  for (const auto& [k, v] : info.settings) {
    if (k == key) return v;
  }
  return "";
}

}  // namespace moat::inventory
