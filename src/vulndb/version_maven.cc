// Maven 3.9 ComparableVersion, written from its documented ordering rules and the behaviour of
// maven-artifact 3.9.x (MNG-7559 "X1"/"X-1" combination items, MNG-7644 ".X" read as "-X",
// MNG-7714 ga/final/release no longer dropped as null items, so 1.0.final-redhat < 1.0-sp1-redhat).
// Maven 4 changed the trailing-zero normalisation again; we follow 3.9.
#include "vulndb/version_maven.h"

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "maven";
constexpr size_t kMaxLength = 512;


enum class Kind { kInt, kString, kCombination, kList };

// One scalar item; a nested list is the `has_child` tail of its level.
struct Item {
  Kind kind = Kind::kInt;
  absl::string_view text;    // kString, kCombination: the qualifier as written
  absl::string_view digits;  // kInt, kCombination: the number without leading zeros
  bool combined = false;     // a qualifier followed by a number: "a1" is alpha-1
};

struct Level {
  absl::InlinedVector<Item, 6> items;
  bool has_child = false;  // the next level is this list's last item
  size_t size() const { return items.size() + (has_child ? 1 : 0); }
};

using Levels = absl::InlinedVector<Level, 3>;

// An element of a list: a scalar, or (item == nullptr) the nested list `level`.
struct Elem {
  const Item* item;
  size_t level;
  Kind kind() const { return item != nullptr ? item->kind : Kind::kList; }
};

absl::string_view StripZeros(absl::string_view d) {
  while (d.size() > 1 && d[0] == '0') d.remove_prefix(1);
  return d.empty() ? "0" : d;
}

Item MakeItem(bool combination, bool digit, absl::string_view buf) {
  Item item;
  if (combination) {
    size_t first = 0;
    while (first < buf.size() && !IsDigit(buf[first])) ++first;
    item.kind = Kind::kCombination;
    item.text = buf.substr(0, first);
    if (!item.text.empty() && item.text.back() == '-') item.text.remove_suffix(1);  // "sp-1"
    item.digits = StripZeros(buf.substr(first));
    item.combined = true;
  } else if (digit) {
    item.digits = StripZeros(buf);
  } else {
    item.kind = Kind::kString;
    item.text = buf;
  }
  return item;
}

// ComparableVersion.parseVersion of maven-artifact 3.9 (ASCII digits only).
Levels Parse(absl::string_view v) {
  Levels levels(1);
  size_t cur = 0;
  auto add = [&](Item item) { levels[cur].items.push_back(item); };
  auto nest = [&] {
    levels[cur].has_child = true;
    levels.emplace_back();
    ++cur;
  };
  const Item zero = MakeItem(false, true, "0");
  bool digit = false, combination = false;
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '.' || c == '-') {
      if (i == start) {
        add(zero);
      } else if (c == '-' && !digit && i + 1 < v.size() && IsDigit(v[i + 1])) {
        combination = true;  // "X-1" is read as "X1"
        continue;
      } else {
        add(MakeItem(combination, digit, v.substr(start, i - start)));
      }
      start = i + 1;
      if (c == '-' && !levels[cur].items.empty()) nest();
      combination = false;
    } else if (IsDigit(c)) {
      if (!digit && i > start) {
        combination = true;
        if (!levels[cur].items.empty()) nest();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        add(MakeItem(combination, true, v.substr(start, i - start)));
        start = i;
        nest();
        combination = false;
      }
      digit = false;
    }
  }
  if (v.size() > start) {
    if (!digit && !levels[cur].items.empty()) nest();  // ".X" is read as "-X"
    add(MakeItem(combination, digit, v.substr(start)));
  }
  return levels;
}

bool IsNullScalar(const Item& item) { return item.kind == Kind::kInt && item.digits == "0"; }

// ListItem.normalize of 3.9, innermost list first: a zero goes when it ends the list or precedes
// a qualifier (directly, or as the first item of the nested list).
void Normalize(Levels& levels) {
  for (size_t l = levels.size(); l-- > 0;) {
    Level& level = levels[l];
    if (level.has_child && levels[l + 1].size() == 0) level.has_child = false;
    for (size_t i = level.items.size(); i-- > 0;) {
      if (!IsNullScalar(level.items[i])) continue;
      bool drop = i + 1 == level.size();
      if (!drop && i + 1 < level.items.size()) {
        drop = level.items[i + 1].kind == Kind::kString;
      } else if (!drop) {
        const Level& child = levels[l + 1];
        drop = !child.items.empty() &&
               (child.items[0].kind == Kind::kString || child.items[0].kind == Kind::kCombination);
      }
      if (drop) level.items.erase(level.items.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

// The qualifier as StringItem holds it: a1/b1/m1 expand, cr is rc.
absl::string_view Qualifier(const Item& item) {
  absl::string_view q = item.text;
  if (item.combined && q.size() == 1) {
    switch (absl::ascii_tolower(static_cast<unsigned char>(q[0]))) {
      case 'a':
        return "alpha";
      case 'b':
        return "beta";
      case 'm':
        return "milestone";
    }
  }
  if (q.size() == 2 && absl::ascii_tolower(static_cast<unsigned char>(q[0])) == 'c' &&
      absl::ascii_tolower(static_cast<unsigned char>(q[1])) == 'r') {
    return "rc";
  }
  return q;
}

bool EqualsLower(absl::string_view a, absl::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  }
  return true;
}

// Rank in alpha < beta < milestone < rc < snapshot < "" (ga, final, release) < sp < others.
int Rank(absl::string_view q) {
  for (absl::string_view release : {"ga", "final", "release"}) {
    if (EqualsLower(q, release)) return 5;
  }
  static constexpr absl::string_view kKnown[] = {"alpha",    "beta", "milestone", "rc",
                                                 "snapshot", "",     "sp"};
  for (int i = 0; i < 7; ++i) {
    if (EqualsLower(q, kKnown[i])) return i;
  }
  return 7;
}

int CompareLower(absl::string_view a, absl::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char ca = absl::ascii_tolower(static_cast<unsigned char>(a[i]));
    unsigned char cb = absl::ascii_tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return ThreeWay(a.size(), b.size());
}

// StringItem order: by rank, unknown qualifiers among themselves alphabetically.
int CompareQualifiers(absl::string_view a, absl::string_view b) {
  const int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  return ra == 7 ? CompareLower(a, b) : 0;
}

struct Side {
  const Levels& levels;
  Elem At(size_t level, size_t i) const {
    const Level& l = levels[level];
    return i < l.items.size() ? Elem{&l.items[i], 0} : Elem{nullptr, level + 1};
  }
};

int CompareWithNull(const Side& s, const Elem& x);
int CompareElems(const Side& sx, const Elem& x, const Side& sy, const Elem& y);

int CompareLists(const Side& sa, size_t la, const Side& sb, size_t lb) {
  const size_t na = sa.levels[la].size(), nb = sb.levels[lb].size();
  for (size_t i = 0; i < na || i < nb; ++i) {
    int c = i >= na ? -CompareWithNull(sb, sb.At(lb, i))
                    : (i >= nb ? CompareWithNull(sa, sa.At(la, i))
                               : CompareElems(sa, sa.At(la, i), sb, sb.At(lb, i)));
    if (c != 0) return c;
  }
  return 0;
}

// item.compareTo(null): how the item compares with a missing one.
int CompareWithNull(const Side& s, const Elem& x) {
  switch (x.kind()) {
    case Kind::kInt:
      return x.item->digits == "0" ? 0 : 1;
    case Kind::kString:
    case Kind::kCombination:
      return ThreeWay(Rank(Qualifier(*x.item)), 5);
    case Kind::kList:
      for (size_t i = 0; i < s.levels[x.level].size(); ++i) {
        if (int c = CompareWithNull(s, s.At(x.level, i)); c != 0) return c;
      }
      return 0;
  }
  return 0;
}

int CompareElems(const Side& sx, const Elem& x, const Side& sy, const Elem& y) {
  const Kind kx = x.kind(), ky = y.kind();
  switch (kx) {
    case Kind::kInt:
      return ky == Kind::kInt ? CompareDigitRuns(x.item->digits, y.item->digits) : 1;
    case Kind::kList:
      if (ky == Kind::kList) return CompareLists(sx, x.level, sy, y.level);
      return ky == Kind::kInt ? -1 : 1;
    case Kind::kString:
    case Kind::kCombination:
      break;
  }
  if (ky == Kind::kInt || ky == Kind::kList) return -1;
  int c = CompareQualifiers(Qualifier(*x.item), Qualifier(*y.item));
  if (c != 0) return c;
  if (kx == Kind::kString && ky == Kind::kString) return 0;
  if (kx != ky) return kx == Kind::kCombination ? 1 : -1;  // "X1" > "X"
  return CompareDigitRuns(x.item->digits, y.item->digits);
}

Levels ParseNormalized(absl::string_view v) {
  Levels levels = Parse(v);
  Normalize(levels);
  return levels;
}

void AppendCanonical(const Levels& levels, size_t l, std::string* out) {
  const Level& level = levels[l];
  for (const Item& item : level.items) {
    if (!out->empty()) out->push_back('.');
    if (item.kind != Kind::kInt) absl::StrAppend(out, absl::AsciiStrToLower(Qualifier(item)));
    if (item.kind != Kind::kString) absl::StrAppend(out, item.digits);
  }
  if (level.has_child) {
    std::string child;
    AppendCanonical(levels, l + 1, &child);
    absl::StrAppend(out, out->empty() ? "" : "-", child);
  }
}

class MavenSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ValidateMavenVersion(version);
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_RETURN_IF_ERROR(ValidateMavenVersion(a));
    MOAT_RETURN_IF_ERROR(ValidateMavenVersion(b));
    return CompareMavenVersions(a, b);
  }
};

}  // namespace

absl::Status ValidateMavenVersion(absl::string_view version) {
  if (version.empty()) return InvalidVersion(kScheme, version, "empty");
  if (version.size() > kMaxLength) {
    return InvalidVersion(kScheme, version, absl::StrCat("longer than ", kMaxLength, " bytes"));
  }
  for (char c : version) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c)) || c == ' ') {
      return InvalidVersion(kScheme, version, "contains whitespace or a control character");
    }
  }
  return absl::OkStatus();
}

int CompareMavenVersions(absl::string_view a, absl::string_view b) {
  const Levels la = ParseNormalized(a), lb = ParseNormalized(b);
  return CompareLists(Side{la}, 0, Side{lb}, 0);
}

std::string MavenCanonical(absl::string_view version) {
  std::string out;
  AppendCanonical(ParseNormalized(version), 0, &out);
  return out;
}

const VersionScheme& MavenScheme() {
  static const MavenSchemeImpl* const kInstance = new MavenSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
