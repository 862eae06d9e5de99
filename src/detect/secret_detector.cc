#include "detect/secret_detector.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "detect/secret_builtin_rules.h"
#include "detect/secret_engine.h"

namespace moat::detect {
namespace {

constexpr size_t kSniffBytes = 1024;
constexpr size_t kExcerptContext = 48;  // bytes kept either side of a secret on a long line
constexpr size_t kMaxExcerpt = 240;

size_t KeptPrefix(size_t secret_length) {
  if (secret_length >= 16) return 4;
  if (secret_length >= 8) return 2;
  return 0;
}

// Length of the valid UTF-8 sequence at s[i], or 0.
size_t Utf8Length(absl::string_view s, size_t i) {
  const unsigned char c = s[i];
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

std::string CleanText(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    if (c < 0x20 && c != '\t') {
      ++i;
      continue;
    }
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.append(s.data() + i, n);
    i += n;
  }
  return out;
}

class SecretDetector : public FileDetector {
 public:
  SecretDetector(std::unique_ptr<SecretEngine> engine, int64_t max_size)
      : engine_(std::move(engine)), max_size_(max_size) {}

  absl::string_view name() const override { return "secret"; }

  bool Wants(const image::FileRecord& file) const override {
    return file.IsRegular() && file.size > 0 && file.size <= max_size_;
  }

  void Scan(const FileScanInput& input, std::vector<Finding>* out) const override {
    const absl::string_view data = input.data;
    if (data.empty() || static_cast<int64_t>(data.size()) > max_size_ || LooksBinary(data)) return;
    absl::string_view path = input.file.path;
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::vector<SecretHit> hits = engine_->Scan(path, data);
    if (hits.empty()) return;
    std::vector<TextSpan> secrets;
    for (const SecretHit& h : hits) secrets.push_back(h.secret);
    int line = 1;
    size_t counted = 0;
    for (const SecretHit& h : hits) {
      line +=
          static_cast<int>(std::count(data.begin() + counted, data.begin() + h.secret.begin, '\n'));
      counted = h.secret.begin;
      out->push_back(MakeFinding(input, h, line, LineAt(data, h.secret.begin), secrets));
    }
  }

 private:
  static TextSpan LineAt(absl::string_view data, size_t pos) {
    const size_t nl = pos == 0 ? absl::string_view::npos : data.rfind('\n', pos - 1);
    const size_t begin = nl == absl::string_view::npos ? 0 : nl + 1;
    size_t end = data.find('\n', pos);
    if (end == absl::string_view::npos) end = data.size();
    return TextSpan{begin, end};
  }

  Finding MakeFinding(const FileScanInput& input, const SecretHit& h, int line, TextSpan span,
                      const std::vector<TextSpan>& secrets) const {
    const SecretRule& rule = engine_->rules()[h.rule];
    Finding f;
    f.category = Category::kSecret;
    f.rule_id = rule.id;
    f.severity = rule.severity;
    f.title = rule.title;
    f.description = rule.description;
    f.fix = kSecretFix;
    f.source = rule.source;
    f.evidence.layer = input.layer;
    f.evidence.path = input.file.path;
    f.evidence.line = line;
    f.evidence.excerpt = MaskedExcerpt(input.data, span, secrets);
    return f;
  }

  std::unique_ptr<SecretEngine> engine_;
  int64_t max_size_;
};

}  // namespace

bool LooksBinary(absl::string_view data) {
  const absl::string_view head = data.substr(0, kSniffBytes);
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b) ++control;
  }
  return control * 10 > head.size();  // more than 10% control bytes
}

std::string MaskedExcerpt(absl::string_view text, TextSpan line,
                          const std::vector<TextSpan>& secrets) {
  std::string masked(text.substr(line.begin, line.end - line.begin));
  size_t first = masked.size(), first_end = masked.size();
  for (const TextSpan& s : secrets) {
    if (s.end <= line.begin || s.begin >= line.end) continue;
    const size_t keep_until = s.begin + KeptPrefix(s.end - s.begin);
    for (size_t p = std::max(s.begin, line.begin); p < std::min(s.end, line.end); ++p) {
      if (p >= keep_until) masked[p - line.begin] = '*';
    }
    const size_t b = std::max(s.begin, line.begin) - line.begin;
    if (b < first) {
      first = b;
      first_end = std::min(s.end, line.end) - line.begin;
    }
  }
  if (!masked.empty() && masked.back() == '\r') masked.pop_back();
  if (masked.size() > kMaxExcerpt && first < masked.size()) {
    const size_t from = first > kExcerptContext ? first - kExcerptContext : 0;
    size_t to = std::min(masked.size(), first_end + kExcerptContext);
    if (to - from > kMaxExcerpt) to = from + kMaxExcerpt;
    masked = masked.substr(from, to - from);
  }
  return CleanText(masked);
}

std::vector<SecretRule> EffectiveSecretRules(const SecretConfig& config) {
  const std::set<std::string> enabled(config.enable_builtin_rules.begin(),
                                      config.enable_builtin_rules.end());
  const std::set<std::string> disabled(config.disable_rules.begin(), config.disable_rules.end());
  std::set<std::string> user_ids;
  for (const auto& r : config.rules) user_ids.insert(r.id);
  std::vector<SecretRule> rules;
  if (config.use_builtin_rules) {
    for (SecretRule& r : BuiltinSecretRules()) {
      if (!enabled.empty() && !enabled.count(r.id)) continue;
      if (disabled.count(r.id) || user_ids.count(r.id)) continue;  // a user rule replaces it
      rules.push_back(std::move(r));
    }
  }
  for (const auto& r : config.rules) {
    if (!disabled.count(r.id)) rules.push_back(r);
  }
  return rules;
}

std::vector<AllowRule> EffectiveAllowRules(const SecretConfig& config) {
  const std::set<std::string> disabled(config.disable_allow_rules.begin(),
                                       config.disable_allow_rules.end());
  std::vector<AllowRule> rules;
  for (AllowRule& a : BuiltinAllowRules()) {
    if (!disabled.count(a.id)) rules.push_back(std::move(a));
  }
  for (const auto& a : config.allow_rules) rules.push_back(a);
  return rules;
}

absl::StatusOr<std::unique_ptr<FileDetector>> NewSecretDetector(const SecretConfig& config) {
  auto engine = SecretEngine::Compile(EffectiveSecretRules(config), EffectiveAllowRules(config),
                                      config.exclude_blocks);
  if (!engine.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("secret rules (", config.source, "): ", engine.status().message()));
  }
  const int64_t max_size =
      config.max_file_size > 0 ? config.max_file_size : kDefaultSecretMaxFileSize;
  return std::make_unique<SecretDetector>(std::move(*engine), max_size);
}

}  // namespace moat::detect
