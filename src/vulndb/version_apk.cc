// apk version tokenizer and comparison, written from the apk-tools version rules (Gentoo-style
// components, pre-release suffixes _alpha _beta _pre _rc, post-release _cvs _svn _git _hg _p,
// commit hash ~hex, revision -rN; a component with a leading zero compares as a string).
#include "vulndb/version_apk.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "apk";

// Token kinds in the order they may appear; a later kind may not be followed by an earlier one
// except where Next() allows it.
enum Token {
  kInitialDigit,
  kDigit,
  kLetter,
  kSuffix,
  kSuffixNo,
  kCommitHash,
  kRevisionNo,
  kEnd,
  kInvalid
};

// Suffix ranks: the pre-release ones sort before no suffix (kNone), the rest after.
enum Suffix { kSuffixInvalid, kAlpha, kBeta, kPre, kRc, kNone, kCvs, kSvn, kGit, kHg, kP };

struct SuffixName {
  absl::string_view name;
  Suffix suffix;
};
constexpr SuffixName kSuffixes[] = {{"alpha", kAlpha}, {"beta", kBeta}, {"pre", kPre},
                                    {"rc", kRc},       {"cvs", kCvs},   {"svn", kSvn},
                                    {"git", kGit},     {"hg", kHg},     {"p", kP}};

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

struct TokenState {
  Token token = kInitialDigit;
  Suffix suffix = kNone;
  absl::string_view value;  // digits, the letter, the suffix name or the hash
  size_t offset = 0;        // where the token starts, for error messages
};

// Walks the tokens of one version string.
class Tokenizer {
 public:
  explicit Tokenizer(absl::string_view s) : s_(s) {}

  TokenState First() {
    TokenState t;
    t.value = TakeWhile(IsDigit);
    t.token = t.value.empty() ? kInvalid : kInitialDigit;
    return t;
  }

  // Advances `t` to the next token; kInvalid when the transition or the token is not allowed.
  void Next(TokenState& t) {
    t.offset = pos_;
    if (pos_ == s_.size()) {
      t.token = kEnd;
      return;
    }
    char c = s_[pos_];
    Token prev = t.token;
    if (IsLower(c) && prev <= kDigit) {
      t.value = s_.substr(pos_++, 1);
      t.token = kLetter;
    } else if (c == '.' && prev <= kDigit) {
      ++pos_;
      t.value = TakeWhile(IsDigit);
      t.token = t.value.empty() ? kInvalid : kDigit;
    } else if (c == '_' && prev <= kSuffixNo) {
      ++pos_;
      t.value = TakeWhile(IsLower);
      t.suffix = SuffixOf(t.value);
      t.token = t.suffix == kSuffixInvalid ? kInvalid : kSuffix;
    } else if (IsDigit(c) && prev == kSuffix) {
      t.value = TakeWhile(IsDigit);
      t.token = kSuffixNo;
    } else if (c == '~' && prev < kCommitHash) {
      ++pos_;
      t.value = TakeWhile(IsHex);
      t.token = t.value.empty() ? kInvalid : kCommitHash;
    } else if (c == '-' && prev < kRevisionNo && pos_ + 1 < s_.size() && s_[pos_ + 1] == 'r') {
      pos_ += 2;
      t.value = TakeWhile(IsDigit);
      t.token = t.value.empty() ? kInvalid : kRevisionNo;
    } else {
      t.token = kInvalid;
    }
  }

 private:
  absl::string_view TakeWhile(bool (*pred)(char)) {
    size_t start = pos_;
    while (pos_ < s_.size() && pred(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  static Suffix SuffixOf(absl::string_view name) {
    for (const SuffixName& entry : kSuffixes) {
      if (entry.name == name) return entry.suffix;
    }
    return kSuffixInvalid;
  }

  absl::string_view s_;
  size_t pos_ = 0;
};

int Sign(int v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

// Byte-wise order, shorter first on a common prefix (apk's blob sort).
int BlobSort(absl::string_view a, absl::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return Sign(c);
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// Compares two tokens of the same kind.
int CompareTokens(const TokenState& a, const TokenState& b) {
  switch (a.token) {
    case kDigit:
      // A component with a leading zero compares as a string (Gentoo rule): 1.01 < 1.1.
      if (a.value[0] == '0' || b.value[0] == '0') return BlobSort(a.value, b.value);
      return CompareDigitRuns(a.value, b.value);
    case kInitialDigit:
    case kSuffixNo:
    case kRevisionNo:
      return CompareDigitRuns(a.value, b.value);
    case kLetter:
      return Sign(static_cast<unsigned char>(a.value[0]) - static_cast<unsigned char>(b.value[0]));
    case kSuffix:
      return Sign(static_cast<int>(a.suffix) - static_cast<int>(b.suffix));
    case kCommitHash:
      return BlobSort(a.value, b.value);
    default:
      return 0;
  }
}

std::string Describe(absl::string_view version, size_t offset) {
  if (offset >= version.size()) return "ends early";
  const char c = version[offset];
  const char* what = "unexpected character";
  switch (c) {
    case '.':
      what = "bad component";
      break;
    case '_':
      what = "bad suffix";
      break;
    case '~':
      what = "bad commit hash";
      break;
    case '-':
      what = "bad revision (want -r<digits>)";
      break;
  }
  return absl::StrCat(what, " '", absl::string_view(&c, 1), "' at offset ", offset);
}

class ApkSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ValidateApkVersion(version);
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    absl::Status status = ValidateApkVersion(a);
    if (status.ok()) status = ValidateApkVersion(b);
    if (!status.ok()) return status;
    return CompareApkVersions(a, b);
  }
};

}  // namespace

absl::Status ValidateApkVersion(absl::string_view version) {
  Tokenizer tokenizer(version);
  TokenState t = tokenizer.First();
  if (t.token == kInvalid) return InvalidVersion(kScheme, version, "does not start with a digit");
  while (t.token != kEnd) {
    tokenizer.Next(t);
    if (t.token == kInvalid) return InvalidVersion(kScheme, version, Describe(version, t.offset));
  }
  return absl::OkStatus();
}

int CompareApkVersions(absl::string_view a, absl::string_view b, bool fuzzy) {
  Tokenizer ta(a), tb(b);
  TokenState sa = ta.First(), sb = tb.First();
  while (sa.token == sb.token && sa.token < kEnd) {
    int c = CompareTokens(sa, sb);
    if (c != 0) return c;
    ta.Next(sa);
    tb.Next(sb);
  }
  if (sa.token == sb.token) return 0;
  if (fuzzy && sb.token == kEnd) return 0;
  // Equal so far: the longer version is newer unless what follows is a pre-release suffix.
  if (sa.token == kSuffix && sa.suffix < kNone) return -1;
  if (sb.token == kSuffix && sb.suffix < kNone) return 1;
  if (sa.token > sb.token) return -1;
  if (sb.token > sa.token) return 1;
  return 0;
}

const VersionScheme& ApkScheme() {
  static const ApkSchemeImpl* const kInstance = new ApkSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
