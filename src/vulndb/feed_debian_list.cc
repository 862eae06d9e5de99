#include "vulndb/feed_debian_list.h"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_debian_release.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kSource = "debian";

struct StateWord {
  absl::string_view word;
  std::optional<FixState> state;  // nullopt: the line is dropped
};
constexpr std::array<StateWord, 7> kStateWords = {{
    {"<not-affected>", FixState::kNotAffected},
    {"<end-of-life>", FixState::kEndOfLife},
    {"<unfixed>", FixState::kUnfixed},
    {"<postponed>", FixState::kUnfixed},
    {"<no-dsa>", FixState::kWillNotFix},
    {"<ignored>", FixState::kWillNotFix},
    {"<removed>", std::nullopt},
}};

// "[29 Mar 2023] DSA-5380-1 xorg-server - security update" → date, id, text after the id.
bool ParseHeader(absl::string_view line, Advisory* out) {
  size_t close = line.find(']');
  if (close == absl::string_view::npos || close < 2) return false;
  std::string date = DateToTimestamp(line.substr(1, close - 1));
  if (!absl::EndsWith(date, "T00:00:00Z")) return false;
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(close + 1));
  absl::string_view id = rest.substr(0, rest.find(' '));
  if (!IsFeedId(id)) return false;
  out->id = std::string(id);
  out->summary = CutText(absl::StripAsciiWhitespace(rest.substr(id.size())), kMaxSummaryBytes);
  out->published = std::move(date);
  out->source = std::string(kSource);
  return true;
}

// A severity word among the "; "-separated parts of "(bug #365910; medium)".
std::string NoteSeverity(absl::string_view note) {
  absl::ConsumePrefix(&note, "(");
  absl::ConsumeSuffix(&note, ")");
  for (absl::string_view part : absl::StrSplit(note, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (part == "low" || part == "medium" || part == "high" || part == "unimportant") {
      return NormalizeSeverity(part);
    }
  }
  return "";
}

// "[bullseye] - xorg-server 2:1.20.11-1+deb11u6 (note)". Returns false when the line does not
// parse; leaves `out` without a package when the line is dropped (unknown release, removed).
bool ParseReleaseLine(absl::string_view line, AffectedPackage* out) {
  std::vector<absl::string_view> f = absl::StrSplit(line, ' ', absl::SkipWhitespace());
  if (f.size() < 4 || f[1] != "-" || f[0].size() < 3 || f[0].front() != '[' || f[0].back() != ']') {
    return false;
  }
  if (!IsFeedToken(f[2], kMaxFeedNameBytes) || !IsFeedToken(f[3], kMaxFeedVersionBytes)) {
    return false;
  }
  std::string distro = DebianDistro(f[0].substr(1, f[0].size() - 2));
  if (distro.empty()) return true;
  if (absl::StartsWith(f[3], "<")) {
    const StateWord* word = nullptr;
    for (const StateWord& w : kStateWords) {
      if (f[3] == w.word) word = &w;
    }
    if (word == nullptr) return false;
    if (!word->state) return true;
    out->state = *word->state;
    if (out->state != FixState::kNotAffected) {
      out->ranges.push_back(
          {VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kIntroduced, "0"}}});
    }
  } else {
    out->state = FixState::kFixed;
    out->ranges.push_back(
        {VersionRange::Type::kEcosystem,
         {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, std::string(f[3])}}});
  }
  size_t note = line.find('(');
  if (note != absl::string_view::npos) out->vendor_severity = NoteSeverity(line.substr(note));
  out->ecosystem = "deb";
  out->distro = std::move(distro);
  out->package = std::string(f[2]);
  return true;
}

// One list entry under construction.
struct Entry {
  Advisory advisory;
  bool open = false;
  std::string error;  // the first problem; the entry is Malformed when set
};

void Flush(Entry& entry, FeedOutput* out) {
  if (!entry.open) return;
  if (!entry.error.empty()) {
    out->Malformed(kSource, entry.error);
  } else if (entry.advisory.affected.empty()) {
    out->Skipped(kSource);
  } else {
    out->Record(std::move(entry.advisory));
  }
  entry = Entry();
}

void ParseBodyLine(absl::string_view line, size_t number, Entry& entry) {
  absl::string_view body = absl::StripAsciiWhitespace(line);
  if (body.empty() || !entry.error.empty()) return;
  if (absl::ConsumePrefix(&body, "{")) {
    absl::ConsumeSuffix(&body, "}");
    for (absl::string_view id : absl::StrSplit(body, ' ', absl::SkipWhitespace())) {
      if (IsFeedId(id)) AddUnique(entry.advisory.aliases, std::string(id));
    }
  } else if (absl::StartsWith(body, "[")) {
    AffectedPackage affected;
    if (!ParseReleaseLine(body, &affected)) {
      entry.error = absl::StrCat(entry.advisory.id, ": line ", number, ": invalid release line");
    } else if (!affected.package.empty()) {
      entry.advisory.affected.push_back(std::move(affected));
    }
  }
  // NOTE: lines and anything else carry no data the model holds.
}

}  // namespace

bool LooksLikeDebianList(absl::string_view prefix) {
  Advisory ignored;
  absl::string_view first = prefix.substr(0, prefix.find('\n'));
  return absl::StartsWith(first, "[") && ParseHeader(first, &ignored) &&
         (absl::StartsWith(ignored.id, "DSA-") || absl::StartsWith(ignored.id, "DLA-") ||
          absl::StartsWith(ignored.id, "DTSA-"));
}

void ParseDebianList(absl::string_view text, FeedOutput* out) {
  Entry entry;
  size_t number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (!absl::StartsWith(line, "[")) {
      if (entry.open) ParseBodyLine(line, number, entry);
      continue;
    }
    Flush(entry, out);
    entry.open = true;
    if (!ParseHeader(line, &entry.advisory)) {
      entry.error = absl::StrCat("line ", number, ": invalid advisory header");
    }
  }
  Flush(entry, out);
}

}  // namespace moat::vulndb
