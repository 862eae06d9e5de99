// PEP 440 version parsing, normalisation and ordering, written from PEP 440 and packaging's
// documented version grammar.
#include "vulndb/version_pep440.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "pypi";
// Python refuses to convert longer digit strings to int (sys.int_info.default_max_str_digits).
constexpr size_t kMaxDigits = 4300;

bool IsSep(char c) { return c == '-' || c == '_' || c == '.'; }
bool IsAlnum(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }

// Length of the Python whitespace character (str.isspace) at the front of `s`, or 0.
size_t SpaceAt(absl::string_view s) {
  if (s.empty()) return 0;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) return 1;
  if (c < 0xc2 || s.size() < 2) return 0;
  const unsigned char c1 = static_cast<unsigned char>(s[1]);
  if (c == 0xc2) return (c1 == 0x85 || c1 == 0xa0) ? 2 : 0;  // U+0085, U+00A0
  if (s.size() < 3) return 0;
  const unsigned char c2 = static_cast<unsigned char>(s[2]);
  const uint32_t cp = ((c & 0x0fu) << 12) | ((c1 & 0x3fu) << 6) | (c2 & 0x3fu);
  if ((c & 0xf0) != 0xe0 || (c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80) return 0;
  const bool space = cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
                     cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
  return space ? 3 : 0;
}

}  // namespace

absl::string_view StripPythonSpace(absl::string_view s) {
  while (size_t n = SpaceAt(s)) s.remove_prefix(n);
  while (!s.empty()) {
    size_t n = 0;
    for (size_t len = 1; len <= 3 && len <= s.size() && n == 0; ++len) {
      if (SpaceAt(s.substr(s.size() - len)) == len) n = len;
    }
    if (n == 0) break;
    s.remove_suffix(n);
  }
  return s;
}

namespace {

absl::string_view StripZeros(absl::string_view digits) {
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return digits.empty() ? "0" : digits;
}

// Walks a version string the way packaging's VERSION_PATTERN matches it.
class Parser {
 public:
  explicit Parser(absl::string_view s) : s_(s) {}

  absl::StatusOr<Pep440Version> Parse(absl::string_view text) {
    Pep440Version v;
    if (Peek() == 'v' || Peek() == 'V') ++pos_;
    absl::string_view digits = TakeDigits();
    if (digits.empty()) return InvalidVersion(kScheme, text, "does not start with a number");
    if (Peek() == '!') {
      ++pos_;
      v.epoch = digits;
      digits = TakeDigits();
      if (digits.empty()) return InvalidVersion(kScheme, text, "no release after the epoch");
    }
    v.release.push_back(digits);
    while (Peek() == '.' && IsDigit(Peek(1))) {
      ++pos_;
      v.release.push_back(TakeDigits());
    }
    TakePre(v);
    TakePost(v);
    TakeDev(v);
    TakeLocal(v);
    if (pos_ != s_.size()) {
      return InvalidVersion(kScheme, text, absl::StrCat("unexpected text at offset ", pos_));
    }
    return v;
  }

 private:
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void SkipSep() {
    if (IsSep(Peek())) ++pos_;
  }
  absl::string_view TakeDigits() {
    size_t start = pos_;
    while (IsDigit(Peek())) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  // Consumes the first of `labels` found at the cursor (case-insensitive); its index or -1.
  int TakeLabel(std::initializer_list<absl::string_view> labels) {
    int i = 0;
    for (absl::string_view label : labels) {
      if (absl::StartsWithIgnoreCase(s_.substr(pos_), label)) {
        pos_ += label.size();
        return i;
      }
      ++i;
    }
    return -1;
  }

  void TakePre(Pep440Version& v) {
    size_t save = pos_;
    SkipSep();
    static constexpr char kKinds[] = {'a', 'a', 'b', 'b', 'r', 'r', 'r', 'r'};
    int label = TakeLabel({"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"});
    if (label < 0) {
      pos_ = save;
      return;
    }
    v.pre_kind = kKinds[label];
    SkipSep();
    v.pre = TakeDigits();
  }

  void TakePost(Pep440Version& v) {
    if (Peek() == '-' && IsDigit(Peek(1))) {  // implicit post release: "1.0-1"
      ++pos_;
      v.has_post = true;
      v.post = TakeDigits();
      return;
    }
    size_t save = pos_;
    SkipSep();
    if (TakeLabel({"post", "rev", "r"}) < 0) {
      pos_ = save;
      return;
    }
    SkipSep();
    v.has_post = true;
    v.post = TakeDigits();
  }

  void TakeDev(Pep440Version& v) {
    size_t save = pos_;
    SkipSep();
    if (TakeLabel({"dev"}) < 0) {
      pos_ = save;
      return;
    }
    SkipSep();
    v.has_dev = true;
    v.dev = TakeDigits();
  }

  void TakeLocal(Pep440Version& v) {
    if (Peek() != '+' || !IsAlnum(Peek(1))) return;
    size_t start = ++pos_;
    while (true) {
      while (IsAlnum(Peek())) ++pos_;
      if (!IsSep(Peek()) || !IsAlnum(Peek(1))) break;
      ++pos_;
    }
    v.local = s_.substr(start, pos_ - start);
  }

  absl::string_view s_;
  size_t pos_ = 0;
};

bool NumberTooLong(const Pep440Version& v) {
  auto too_long = [](absl::string_view d) { return StripZeros(d).size() > kMaxDigits; };
  for (absl::string_view r : v.release) {
    if (too_long(r)) return true;
  }
  return too_long(v.epoch) || too_long(v.pre) || too_long(v.post) || too_long(v.dev);
}

// The next local segment of `local` (split on - _ .), advancing it.
absl::string_view NextLocalSegment(absl::string_view& local) {
  size_t end = 0;
  while (end < local.size() && !IsSep(local[end])) ++end;
  absl::string_view segment = local.substr(0, end);
  local.remove_prefix(end < local.size() ? end + 1 : end);
  return segment;
}


int CompareLocal(absl::string_view a, absl::string_view b) {
  // No local sorts first; numeric segments sort after alphanumeric ones.
  if (a.empty() || b.empty()) return ThreeWay(!a.empty(), !b.empty());
  while (!a.empty() && !b.empty()) {
    absl::string_view sa = NextLocalSegment(a), sb = NextLocalSegment(b);
    const bool na = AllDigits(sa), nb = AllDigits(sb);
    int c = 0;
    if (na && nb) {
      c = CompareDigitRuns(sa, sb);
    } else if (na != nb) {
      c = na ? 1 : -1;
    } else {
      c = ThreeWay(absl::AsciiStrToLower(sa), absl::AsciiStrToLower(sb));
    }
    if (c != 0) return c;
  }
  return ThreeWay(!a.empty(), !b.empty());
}

// Rank of the pre-release part: a dev release without pre or post sorts before any pre-release;
// no pre-release sorts after all of them.
int PreRank(const Pep440Version& v) {
  if (v.pre_kind != 0) return 1;
  return (!v.has_post && v.has_dev) ? 0 : 2;
}

class Pep440SchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ParsePep440(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(Pep440Version va, ParsePep440(a));
    MOAT_ASSIGN_OR_RETURN(Pep440Version vb, ParsePep440(b));
    return ComparePep440(va, vb);
  }
};

}  // namespace

absl::StatusOr<Pep440Version> ParsePep440(absl::string_view text) {
  absl::string_view s = StripPythonSpace(text);
  if (s.empty()) return InvalidVersion(kScheme, text, "empty");
  MOAT_ASSIGN_OR_RETURN(Pep440Version v, Parser(s).Parse(text));
  if (NumberTooLong(v)) {
    return InvalidVersion(kScheme, text,
                          absl::StrCat("a number has more than ", kMaxDigits, " digits"));
  }
  return v;
}

int ComparePep440(const Pep440Version& a, const Pep440Version& b) {
  int c = CompareDigitRuns(a.epoch, b.epoch);
  if (c != 0) return c;
  const size_t n = a.release.size() > b.release.size() ? a.release.size() : b.release.size();
  for (size_t i = 0; i < n; ++i) {
    c = CompareDigitRuns(i < a.release.size() ? a.release[i] : "",
                         i < b.release.size() ? b.release[i] : "");
    if (c != 0) return c;
  }
  c = ThreeWay(PreRank(a), PreRank(b));
  if (c == 0 && a.pre_kind != 0) {
    c = ThreeWay(a.pre_kind, b.pre_kind);
    if (c == 0) c = CompareDigitRuns(a.pre, b.pre);
  }
  if (c != 0) return c;
  c = ThreeWay(a.has_post, b.has_post);
  if (c == 0 && a.has_post) c = CompareDigitRuns(a.post, b.post);
  if (c != 0) return c;
  c = ThreeWay(!a.has_dev, !b.has_dev);  // no dev release sorts last
  if (c == 0 && a.has_dev) c = CompareDigitRuns(a.dev, b.dev);
  if (c != 0) return c;
  return CompareLocal(a.local, b.local);
}

std::string Pep440BaseVersion(const Pep440Version& v) {
  std::string out;
  if (StripZeros(v.epoch) != "0") absl::StrAppend(&out, StripZeros(v.epoch), "!");
  for (size_t i = 0; i < v.release.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ".", StripZeros(v.release[i]));
  }
  return out;
}

std::string Pep440Public(const Pep440Version& v) {
  std::string out = Pep440BaseVersion(v);
  if (v.pre_kind != 0) {
    absl::StrAppend(&out, v.pre_kind == 'r' ? "rc" : absl::string_view(&v.pre_kind, 1),
                    StripZeros(v.pre));
  }
  if (v.has_post) absl::StrAppend(&out, ".post", StripZeros(v.post));
  if (v.has_dev) absl::StrAppend(&out, ".dev", StripZeros(v.dev));
  return out;
}

std::string Pep440Local(const Pep440Version& v) {
  std::string out;
  absl::string_view local = v.local;
  while (!local.empty()) {
    absl::string_view segment = NextLocalSegment(local);
    absl::StrAppend(
        &out, out.empty() ? "" : ".",
        AllDigits(segment) ? std::string(StripZeros(segment)) : absl::AsciiStrToLower(segment));
  }
  return out;
}

std::string NormalizePep440(const Pep440Version& v) {
  std::string out = Pep440Public(v);
  if (!v.local.empty()) absl::StrAppend(&out, "+", Pep440Local(v));
  return out;
}

const VersionScheme& Pep440Scheme() {
  static const Pep440SchemeImpl* const kInstance = new Pep440SchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
