#include "report/spdx_license.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"

namespace moat::report {
namespace internal {
extern const char* const kSpdxLicenseIds[];
extern const size_t kSpdxLicenseIdsSize;
extern const char* const kSpdxExceptionIds[];
extern const size_t kSpdxExceptionIdsSize;
}  // namespace internal

namespace {

constexpr size_t kMaxLicenseLength = 1024;
constexpr size_t kMaxTokens = 256;
constexpr int kMaxDepth = 16;

// Common spellings in package metadata (Debian copyright short names, RPM License tags, PyPI
// classifiers) that are not SPDX ids. Keys are lowercase.
constexpr std::pair<absl::string_view, absl::string_view> kAliases[] = {
    {"gpl-1", "GPL-1.0-only"},
    {"gpl-1+", "GPL-1.0-or-later"},
    {"gpl-2", "GPL-2.0-only"},
    {"gpl-2+", "GPL-2.0-or-later"},
    {"gpl-3", "GPL-3.0-only"},
    {"gpl-3+", "GPL-3.0-or-later"},
    {"gplv2", "GPL-2.0-only"},
    {"gplv2+", "GPL-2.0-or-later"},
    {"gplv3", "GPL-3.0-only"},
    {"gplv3+", "GPL-3.0-or-later"},
    {"lgpl-2", "LGPL-2.0-only"},
    {"lgpl-2+", "LGPL-2.0-or-later"},
    {"lgpl-3", "LGPL-3.0-only"},
    {"lgpl-3+", "LGPL-3.0-or-later"},
    {"lgplv2", "LGPL-2.0-only"},
    {"lgplv2+", "LGPL-2.0-or-later"},
    {"lgplv2.1", "LGPL-2.1-only"},
    {"lgplv2.1+", "LGPL-2.1-or-later"},
    {"lgplv3", "LGPL-3.0-only"},
    {"lgplv3+", "LGPL-3.0-or-later"},
    {"agpl-3", "AGPL-3.0-only"},
    {"agpl-3+", "AGPL-3.0-or-later"},
    {"expat", "MIT"},
    {"mit license", "MIT"},
    {"the mit license", "MIT"},
    {"apache-2", "Apache-2.0"},
    {"apache 2", "Apache-2.0"},
    {"apache 2.0", "Apache-2.0"},
    {"asl 2.0", "Apache-2.0"},
    {"apache license 2.0", "Apache-2.0"},
    {"apache license, version 2.0", "Apache-2.0"},
    {"apache license version 2.0", "Apache-2.0"},
    {"apache software license 2.0", "Apache-2.0"},
    {"bsd-2", "BSD-2-Clause"},
    {"bsd-3", "BSD-3-Clause"},
    {"new bsd license", "BSD-3-Clause"},
    {"simplified bsd license", "BSD-2-Clause"},
    {"isc license", "ISC"},
    {"mpl-2", "MPL-2.0"},
    {"mpl 2.0", "MPL-2.0"},
    {"zpl 2.1", "ZPL-2.1"},
    {"psf", "PSF-2.0"},
    {"psfl", "PSF-2.0"},
    {"python software foundation license", "PSF-2.0"},
    {"artistic-2", "Artistic-2.0"},
    {"cc0", "CC0-1.0"},
};

bool CaseLess(absl::string_view a, absl::string_view b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    char x = absl::ascii_tolower(static_cast<unsigned char>(a[i]));
    char y = absl::ascii_tolower(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

std::string FindId(const char* const* ids, size_t size, absl::string_view text) {
  const char* const* end = ids + size;
  const char* const* it = std::lower_bound(
      ids, end, text, [](const char* id, absl::string_view key) { return CaseLess(id, key); });
  if (it != end && absl::EqualsIgnoreCase(*it, text)) return *it;
  return "";
}

std::string FindAlias(absl::string_view text) {
  for (const auto& [alias, id] : kAliases) {
    if (absl::EqualsIgnoreCase(alias, text)) return std::string(id);
  }
  return "";
}

bool IsLicenseRef(absl::string_view token) {
  if (!absl::StartsWith(token, "LicenseRef-") || token.size() == 11) return false;
  for (char c : token.substr(11)) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return false;
  }
  return true;
}

// A license token in canonical spelling ("" when it is not a license).
std::string LicenseToken(absl::string_view token) {
  if (std::string alias = FindAlias(token); !alias.empty()) return alias;
  if (IsLicenseRef(token)) return std::string(token);
  if (std::string id = CanonicalSpdxLicenseId(token); !id.empty()) return id;
  if (absl::EndsWith(token, "+")) {
    std::string id = CanonicalSpdxLicenseId(token.substr(0, token.size() - 1));
    if (!id.empty()) return id + "+";
  }
  return "";
}

std::vector<std::string> Tokenize(absl::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      flush();
    } else if (c == '(' || c == ')') {
      flush();
      tokens.emplace_back(1, c);
    } else {
      current.push_back(c);
    }
  }
  flush();
  return tokens;
}

// Recursive descent over the SPDX expression grammar; writes canonical tokens to out_.
class ExpressionParser {
 public:
  explicit ExpressionParser(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  bool Parse() { return ParseOr(0) && pos_ == tokens_.size(); }
  const std::vector<std::string>& out() const { return out_; }

 private:
  bool AcceptOperator(absl::string_view op) {
    if (pos_ >= tokens_.size() || !absl::EqualsIgnoreCase(tokens_[pos_], op)) return false;
    out_.emplace_back(op);
    ++pos_;
    return true;
  }
  bool ParseOr(int depth) {
    if (!ParseAnd(depth)) return false;
    while (AcceptOperator("OR")) {
      if (!ParseAnd(depth)) return false;
    }
    return true;
  }
  bool ParseAnd(int depth) {
    if (!ParseWith(depth)) return false;
    while (AcceptOperator("AND")) {
      if (!ParseWith(depth)) return false;
    }
    return true;
  }
  bool ParseWith(int depth) {
    if (pos_ >= tokens_.size() || depth > kMaxDepth) return false;
    if (tokens_[pos_] == "(") {
      out_.emplace_back("(");
      ++pos_;
      if (!ParseOr(depth + 1) || pos_ >= tokens_.size() || tokens_[pos_] != ")") return false;
      out_.emplace_back(")");
      ++pos_;
      return true;
    }
    std::string license = LicenseToken(tokens_[pos_++]);
    if (license.empty()) return false;
    out_.push_back(std::move(license));
    if (!AcceptOperator("WITH")) return true;
    if (pos_ >= tokens_.size()) return false;
    std::string exception =
        FindId(internal::kSpdxExceptionIds, internal::kSpdxExceptionIdsSize, tokens_[pos_++]);
    if (exception.empty()) return false;
    out_.push_back(std::move(exception));
    return true;
  }

  std::vector<std::string> tokens_;
  size_t pos_ = 0;
  std::vector<std::string> out_;
};

std::string JoinExpression(const std::vector<std::string>& tokens) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    bool space = i > 0 && tokens[i] != ")" && tokens[i - 1] != "(";
    if (space) out.push_back(' ');
    out.append(tokens[i]);
  }
  return out;
}

}  // namespace

std::string CanonicalSpdxLicenseId(absl::string_view text) {
  return FindId(internal::kSpdxLicenseIds, internal::kSpdxLicenseIdsSize, text);
}

std::optional<std::string> ToSpdxExpression(absl::string_view license) {
  license = absl::StripAsciiWhitespace(license);
  if (license.empty() || license.size() > kMaxLicenseLength) return std::nullopt;
  if (std::string alias = FindAlias(license); !alias.empty()) return alias;
  std::vector<std::string> tokens = Tokenize(license);
  if (tokens.empty() || tokens.size() > kMaxTokens) return std::nullopt;
  ExpressionParser parser(std::move(tokens));
  if (!parser.Parse()) return std::nullopt;
  return JoinExpression(parser.out());
}

bool IsSingleLicense(absl::string_view expression) {
  return !expression.empty() && expression.find_first_of(" ()") == absl::string_view::npos;
}

}  // namespace moat::report
