#include "vulndb/feed_npm_range.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace moat::vulndb {
namespace {

enum class Op { kEq, kGe, kLt, kLe };

struct Comparator {
  Op op;
  std::string version;
};

// One "||" alternative: at most one lower bound, one upper bound, or one exact version.
struct Alternative {
  std::optional<std::string> lower;  // >=
  std::optional<Comparator> upper;   // < or <=
  std::optional<std::string> exact;  // = or bare
};

bool IsNumber(absl::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

bool IsIdentifiers(absl::string_view s) {
  for (absl::string_view part : absl::StrSplit(s, '.')) {
    if (part.empty()) return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(c) && c != '-') return false;
    }
  }
  return true;
}

// MAJOR.MINOR.PATCH[-prerelease][+build], without the leading "v"; nullopt otherwise.
std::optional<std::string> FullVersion(absl::string_view text) {
  absl::ConsumePrefix(&text, "v");
  absl::string_view core = text;
  size_t cut = core.find_first_of("-+");
  if (cut != absl::string_view::npos) {
    absl::string_view tail = core.substr(cut + 1);
    size_t plus = tail.find('+');
    if (core[cut] == '-' && !IsIdentifiers(tail.substr(0, plus))) return std::nullopt;
    if (plus != absl::string_view::npos && !IsIdentifiers(tail.substr(plus + 1))) {
      return std::nullopt;
    }
    if (core[cut] == '+' && !IsIdentifiers(tail)) return std::nullopt;
    core = core.substr(0, cut);
  }
  std::vector<absl::string_view> parts = absl::StrSplit(core, '.');
  if (parts.size() != 3 || !std::all_of(parts.begin(), parts.end(), IsNumber)) {
    return std::nullopt;
  }
  return std::string(text);
}

// MAJOR.MINOR.PATCH of a full version, for a sanity check of bounds.
std::array<int, 3> Core(absl::string_view version) {
  std::array<int, 3> out{0, 0, 0};
  std::vector<absl::string_view> parts =
      absl::StrSplit(version.substr(0, version.find_first_of("-+")), '.');
  for (size_t i = 0; i < 3 && i < parts.size(); ++i) (void)absl::SimpleAtoi(parts[i], &out[i]);
  return out;
}

std::optional<Comparator> ParseComparator(absl::string_view token) {
  static constexpr std::array<std::pair<absl::string_view, Op>, 4> kOps = {
      {{">=", Op::kGe}, {"<=", Op::kLe}, {"<", Op::kLt}, {"=", Op::kEq}}};
  Op op = Op::kEq;
  for (const auto& [text, value] : kOps) {
    if (absl::ConsumePrefix(&token, text)) {
      op = value;
      break;
    }
  }
  auto version = FullVersion(token);
  if (!version) return std::nullopt;
  return Comparator{op, *std::move(version)};
}

// Comparator tokens of one alternative, with "<= 1.0.0" (operator apart) joined.
std::vector<std::string> Tokens(absl::string_view alternative) {
  std::vector<std::string> tokens;
  bool join = false;
  for (absl::string_view t : absl::StrSplit(alternative, ' ', absl::SkipWhitespace())) {
    if (join) {
      tokens.back().append(t.data(), t.size());
    } else {
      tokens.emplace_back(t);
    }
    join = t.find_first_not_of("<>=") == absl::string_view::npos;
  }
  return tokens;
}

bool AddComparator(const Comparator& c, Alternative& alt) {
  if (c.op == Op::kEq) {
    if (alt.exact || alt.lower || alt.upper) return false;
    alt.exact = c.version;
  } else if (c.op == Op::kGe) {
    if (alt.lower || alt.exact) return false;
    alt.lower = c.version;
  } else {
    if (alt.upper || alt.exact) return false;
    alt.upper = c;
  }
  return true;
}

std::optional<Alternative> ParseAlternative(absl::string_view text) {
  Alternative alt;
  std::vector<std::string> tokens = Tokens(text);
  if (tokens.empty() || (tokens.size() == 1 && tokens[0] == "*")) {
    alt.lower = "0";
    return alt;
  }
  for (const std::string& token : tokens) {
    auto c = ParseComparator(token);
    if (!c || !AddComparator(*c, alt)) return std::nullopt;
  }
  if (alt.lower && alt.upper && Core(*alt.lower) > Core(alt.upper->version)) return std::nullopt;
  return alt;
}

VersionRange ToRange(const Alternative& alt) {
  VersionRange range;
  range.type = VersionRange::Type::kSemver;
  range.events.push_back({RangeEvent::Kind::kIntroduced, alt.lower.value_or("0")});
  if (alt.upper) {
    range.events.push_back(
        {alt.upper->op == Op::kLt ? RangeEvent::Kind::kFixed : RangeEvent::Kind::kLastAffected,
         alt.upper->version});
  }
  return range;
}

}  // namespace

NpmRangeEvents ConvertNpmRange(absl::string_view range) {
  NpmRangeEvents out;
  range = absl::StripAsciiWhitespace(range);
  for (absl::string_view text : absl::StrSplit(range, "||")) {
    auto alt = ParseAlternative(text);
    if (!alt) {
      return NpmRangeEvents{{}, {absl::StrCat(kNpmRangePrefix, range)}};
    }
    if (alt->exact) {
      out.versions.push_back(*alt->exact);
    } else {
      out.ranges.push_back(ToRange(*alt));
    }
  }
  return out;
}

}  // namespace moat::vulndb
