// SecretEngine::Scan: the Hyperscan pass over a file, then PCRE2 on the candidate lines.
#include <hs/hs.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <tuple>

#include "detect/secret_engine.h"
#include "detect/secret_engine_internal.h"

namespace moat::detect {
namespace {

struct HitCollector {
  std::vector<std::pair<unsigned, size_t>> hits;  // pattern id, end offset
};

int OnHit(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  static_cast<HitCollector*>(ctx)->hits.emplace_back(id, static_cast<size_t>(to));
  return 0;
}

size_t LineStart(absl::string_view text, size_t pos) {
  if (pos > text.size()) pos = text.size();
  const void* nl = pos == 0 ? nullptr : memrchr(text.data(), '\n', pos);
  return nl == nullptr ? 0 : static_cast<const char*>(nl) - text.data() + 1;
}

// Just past the '\n' that ends the line holding `pos`, or the end of the text.
size_t LineEnd(absl::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  const void* nl = memchr(text.data() + pos, '\n', text.size() - pos);
  return nl == nullptr ? text.size() : static_cast<const char*>(nl) - text.data() + 1;
}

// Removes the hits from `first` on whose secret lies inside a match of one of `blocks`.
void DropExcluded(const std::vector<std::unique_ptr<SecretRegex>>& blocks, absl::string_view text,
                  std::vector<SecretHit>* hits, size_t first) {
  if (blocks.empty() || hits->size() == first) return;
  std::vector<TextSpan> spans;
  for (const auto& re : blocks) {
    re->FindAll(text, 0, text.size(), [&](const SecretRegex::Match& m) {
      spans.push_back(m.whole);
      return true;
    });
  }
  auto inside = [&](const SecretHit& h) {
    for (const TextSpan& s : spans) {
      if (s.begin <= h.secret.begin && h.secret.end <= s.end) return true;
    }
    return false;
  };
  hits->erase(std::remove_if(hits->begin() + first, hits->end(), inside), hits->end());
}

}  // namespace

std::vector<SecretHit> SecretEngine::Scan(absl::string_view path, absl::string_view text) const {
  for (const auto& a : global_allow_) {
    if (a->AllowsFile(path)) return {};
  }
  std::vector<std::vector<size_t>> positions(rules_.size());
  if (database_ != nullptr && !text.empty()) {
    void* scratch = AcquireScratch();
    if (scratch == nullptr) return {};
    HitCollector collector;
    const unsigned length = static_cast<unsigned>(std::min<size_t>(text.size(), UINT_MAX));
    hs_scan(static_cast<hs_database_t*>(database_), text.data(), length, 0,
            static_cast<hs_scratch_t*>(scratch), OnHit, &collector);
    ReleaseScratch(scratch);
    for (const auto& [id, to] : collector.hits) {
      for (size_t r : pattern_rules_[id]) positions[r].push_back(to == 0 ? 0 : to - 1);
    }
  }
  for (size_t r : always_rules_) positions[r].push_back(0);

  std::vector<SecretHit> out;
  for (size_t r = 0; r < rules_.size(); ++r) {
    std::vector<size_t>& pos = positions[r];
    if (pos.empty()) continue;
    const CompiledRule& c = *compiled_[r];
    if (c.path != nullptr && !c.path->Matches(path)) continue;
    if (std::any_of(c.allow.begin(), c.allow.end(),
                    [&](const auto& a) { return a->AllowsFile(path); })) {
      continue;
    }
    const size_t first = out.size();
    if (c.whole_file) {
      Confirm(r, path, text, 0, text.size(), &out);
    } else {
      std::sort(pos.begin(), pos.end());
      size_t scanned = 0;
      for (size_t p : pos) {
        if (p < scanned) continue;
        const size_t end = LineEnd(text, p);
        Confirm(r, path, text, LineStart(text, p), end, &out);
        scanned = end;
      }
    }
    DropExcluded(c.exclude, text, &out, first);
  }
  DropExcluded(global_exclude_, text, &out, 0);
  auto key = [](const SecretHit& h) { return std::tie(h.secret.begin, h.secret.end, h.rule); };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(),
                        [&](const auto& a, const auto& b) { return key(a) == key(b); }),
            out.end());
  return out;
}

namespace {

// The secret parts of one match: the named groups, a gitleaks group number, or the match.
std::vector<TextSpan> SecretSpans(const SecretRule& rule, const std::vector<int>& named,
                                  const SecretRegex::Match& m) {
  std::vector<TextSpan> spans;
  if (!named.empty()) {
    for (int g : named) {
      if (g >= 1 && static_cast<size_t>(g) <= m.groups.size() && !m.groups[g - 1].empty()) {
        spans.push_back(m.groups[g - 1]);
      }
    }
    return spans;
  }
  const int index = rule.secret_group_index;
  if (index > 0) {
    if (static_cast<size_t>(index) <= m.groups.size() && !m.groups[index - 1].empty()) {
      spans.push_back(m.groups[index - 1]);
    }
    return spans;
  }
  if (index == 0) {
    for (const TextSpan& g : m.groups) {
      if (!g.empty()) return {g};
    }
  }
  return {m.whole};
}

}  // namespace

void SecretEngine::Confirm(size_t rule, absl::string_view path, absl::string_view text,
                           size_t start, size_t limit, std::vector<SecretHit>* out) const {
  const SecretRule& spec = rules_[rule];
  const CompiledRule& c = *compiled_[rule];
  c.regex->FindAll(text, start, limit, [&](const SecretRegex::Match& m) {
    const absl::string_view match = text.substr(m.whole.begin, m.whole.end - m.whole.begin);
    const size_t line_begin = LineStart(text, m.whole.begin);
    size_t line_end = LineEnd(text, m.whole.end == 0 ? 0 : m.whole.end - 1);
    if (line_end > line_begin && text[line_end - 1] == '\n') --line_end;
    const absl::string_view line = text.substr(line_begin, line_end - line_begin);
    for (const TextSpan& s : SecretSpans(spec, c.secret_groups, m)) {
      const absl::string_view secret = text.substr(s.begin, s.end - s.begin);
      if (spec.min_entropy > 0 && ShannonEntropy(secret) < spec.min_entropy) continue;
      const MatchView view{path, match, secret, line};
      auto allows = [&](const auto& a) { return a->AllowsMatch(view); };
      if (std::any_of(c.allow.begin(), c.allow.end(), allows)) continue;
      if (std::any_of(global_allow_.begin(), global_allow_.end(), allows)) continue;
      out->push_back(SecretHit{rule, m.whole, s});
    }
    return true;
  });
}

}  // namespace moat::detect
