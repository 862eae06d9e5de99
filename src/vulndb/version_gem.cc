// Gem::Version parsing and ordering, written from the RubyGems documentation of Gem::Version.
#include "vulndb/version_gem.h"

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "gem";

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
bool IsRubySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

absl::string_view Strip(absl::string_view s) {
  while (!s.empty() && IsRubySpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsRubySpace(s.back())) s.remove_suffix(1);
  return s;
}

// One segment: a number (digit run) or a string (letter run).
struct Segment {
  bool number;
  absl::string_view text;
  bool IsZero() const { return number && text.find_first_not_of('0') == absl::string_view::npos; }
};
using Segments = absl::InlinedVector<Segment, 8>;

// Gem::Version#segments of a valid version: digit and letter runs; each '-' stands for ".pre.".
Segments SegmentsOf(absl::string_view version) {
  Segments out;
  absl::string_view s = Strip(version);
  if (s.empty()) s = "0";
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '-') {
      out.push_back({false, "pre"});
      ++i;
      continue;
    }
    size_t start = i;
    if (IsDigit(s[i])) {
      while (i < s.size() && IsDigit(s[i])) ++i;
      out.push_back({true, s.substr(start, i - start)});
    } else if (IsAlpha(s[i])) {
      while (i < s.size() && IsAlpha(s[i])) ++i;
      out.push_back({false, s.substr(start, i - start)});
    } else {
      ++i;
    }
  }
  return out;
}

// Gem::Version#canonical_segments: trailing zeros dropped from the numeric part and from the part
// from the first string on.
Segments Canonical(const Segments& segments) {
  size_t split = 0;
  while (split < segments.size() && segments[split].number) ++split;
  Segments out;
  auto append_trimmed = [&](size_t begin, size_t end) {
    while (end > begin && segments[end - 1].IsZero()) --end;
    for (size_t i = begin; i < end; ++i) out.push_back(segments[i]);
  };
  append_trimmed(0, split);
  append_trimmed(split, segments.size());
  return out;
}

int CompareSegment(const Segment& a, const Segment& b) {
  if (a.number && b.number) return CompareDigitRuns(a.text, b.text);
  if (a.number != b.number) return a.number ? 1 : -1;  // letters sort before numbers
  int c = a.text.compare(b.text);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The numeric segments before the first string segment.
Segments ReleaseSegments(absl::string_view version) {
  Segments segments = SegmentsOf(version);
  size_t n = 0;
  while (n < segments.size() && segments[n].number) ++n;
  segments.resize(n);
  return segments;
}

std::string JoinNumbers(const Segments& segments) {
  std::vector<std::string> parts;
  for (const Segment& s : segments) {
    size_t zeros = 0;
    while (zeros + 1 < s.text.size() && s.text[zeros] == '0') ++zeros;
    parts.emplace_back(s.text.substr(zeros));
  }
  return absl::StrJoin(parts, ".");
}

class GemSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ValidateGemVersion(version);
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_RETURN_IF_ERROR(ValidateGemVersion(a));
    MOAT_RETURN_IF_ERROR(ValidateGemVersion(b));
    return CompareGemVersions(a, b);
  }
};

}  // namespace

absl::Status ValidateGemVersion(absl::string_view version) {
  // \A\s*([0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z
  absl::string_view s = Strip(version);
  auto malformed = [&] {
    return InvalidVersion(kScheme, version, "Malformed version number string");
  };
  if (s.empty()) return absl::OkStatus();
  size_t i = 0;
  while (i < s.size() && IsDigit(s[i])) ++i;
  if (i == 0) return malformed();
  while (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && IsAlnum(s[i])) ++i;
    if (i == start) return malformed();
  }
  if (i < s.size() && s[i] == '-') {
    while (true) {
      size_t start = ++i;
      while (i < s.size() && (IsAlnum(s[i]) || s[i] == '-')) ++i;
      if (i == start) return malformed();
      if (i == s.size() || s[i] != '.') break;
    }
  }
  return i == s.size() ? absl::OkStatus() : malformed();
}

int CompareGemVersions(absl::string_view a, absl::string_view b) {
  const Segments ca = Canonical(SegmentsOf(a)), cb = Canonical(SegmentsOf(b));
  const size_t n = ca.size() > cb.size() ? ca.size() : cb.size();
  const Segment zero{true, "0"};
  for (size_t i = 0; i < n; ++i) {
    int c = CompareSegment(i < ca.size() ? ca[i] : zero, i < cb.size() ? cb[i] : zero);
    if (c != 0) return c;
  }
  return 0;
}

bool GemVersionsEql(absl::string_view a, absl::string_view b) {
  auto normal = [](absl::string_view v) {
    absl::string_view s = Strip(v);
    return s.empty() ? std::string("0") : absl::StrReplaceAll(s, {{"-", ".pre."}});
  };
  return normal(a) == normal(b);
}

bool GemIsPrerelease(absl::string_view version) {
  for (char c : version) {
    if (IsAlpha(c)) return true;
  }
  return false;
}

std::string GemRelease(absl::string_view version) {
  if (!GemIsPrerelease(version)) return std::string(Strip(version));
  return JoinNumbers(ReleaseSegments(version));
}

std::string GemBump(absl::string_view version) {
  Segments segments = ReleaseSegments(version);
  if (segments.size() > 1) segments.pop_back();
  std::string last = IncrementDigitRun(segments.back().text);
  segments.back().text = last;
  return JoinNumbers(segments);
}

const VersionScheme& GemScheme() {
  static const GemSchemeImpl* const kInstance = new GemSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
