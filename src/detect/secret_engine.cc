#include "detect/secret_engine.h"

#include <hs/hs.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "detect/secret_engine_internal.h"

namespace moat::detect {

namespace {

absl::StatusOr<std::unique_ptr<SecretRegex>> CompileField(absl::string_view what,
                                                          absl::string_view pattern) {
  auto re = SecretRegex::Compile(pattern);
  if (!re.ok()) return Annotate(re.status(), what);
  return re;
}

absl::StatusOr<std::unique_ptr<SecretEngine::CompiledAllow>> CompileAllow(absl::string_view owner,
                                                                          const AllowRule& rule) {
  auto c = std::make_unique<SecretEngine::CompiledAllow>();
  const std::string what = absl::StrCat(owner, "allow rule \"", rule.id, "\": ");
  if (!rule.regex.empty()) {
    MOAT_ASSIGN_OR_RETURN(c->regex, CompileField(what + "regex", rule.regex));
  }
  if (!rule.path.empty()) {
    MOAT_ASSIGN_OR_RETURN(c->path, CompileField(what + "path", rule.path));
  }
  c->target = rule.target;
  c->require_all = rule.require_all;
  for (const auto& w : rule.stopwords) {
    if (!w.empty()) c->stopwords.push_back(absl::AsciiStrToLower(w));
  }
  return c;
}

absl::StatusOr<std::unique_ptr<SecretEngine::CompiledRule>> CompileRule(const SecretRule& rule) {
  auto c = std::make_unique<SecretEngine::CompiledRule>();
  const std::string what = absl::StrCat("rule \"", rule.id, "\": ");
  MOAT_ASSIGN_OR_RETURN(c->regex, CompileField(what + "regex", rule.regex));
  if (!rule.path.empty()) {
    MOAT_ASSIGN_OR_RETURN(c->path, CompileField(what + "path", rule.path));
  }
  if (!rule.secret_group.empty()) {
    c->secret_groups = c->regex->GroupNumbers(rule.secret_group);
    if (c->secret_groups.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, "regex has no group named \"", rule.secret_group, "\""));
    }
  }
  for (const auto& a : rule.allow_rules) {
    MOAT_ASSIGN_OR_RETURN(auto allow, CompileAllow(what, a));
    c->allow.push_back(std::move(allow));
  }
  for (const auto& e : rule.exclude_blocks) {
    MOAT_ASSIGN_OR_RETURN(auto re, CompileField(what + "exclude block", e));
    c->exclude.push_back(std::move(re));
  }
  c->whole_file = rule.multiline || rule.source != "moat";
  return c;
}

// A keyword as a Hyperscan literal regex: every non-alphanumeric byte escaped.
std::string EscapeLiteral(absl::string_view literal) {
  std::string out;
  for (unsigned char ch : literal) {
    if (absl::ascii_isalnum(ch)) {
      out.push_back(static_cast<char>(ch));
    } else {
      absl::StrAppend(&out, "\\x", absl::Hex(ch, absl::kZeroPad2));
    }
  }
  return out;
}

struct HsPattern {
  std::string expr;
  unsigned flags = 0;
  std::vector<size_t> rules;
  bool user_regex = false;  // a rule's own regex as prefilter: may fail, then the rule always runs
};

std::vector<HsPattern> CollectPatterns(const std::vector<SecretRule>& rules) {
  std::vector<HsPattern> patterns;
  std::map<std::pair<std::string, unsigned>, size_t> index;
  auto add = [&](std::string expr, unsigned flags, size_t rule, bool user) {
    auto [it, fresh] = index.emplace(std::make_pair(expr, flags), patterns.size());
    if (fresh) patterns.push_back(HsPattern{std::move(expr), flags, {}, user});
    patterns[it->second].rules.push_back(rule);
  };
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].keywords.empty()) {
      add(rules[i].regex, HS_FLAG_PREFILTER | HS_FLAG_ALLOWEMPTY | HS_FLAG_SINGLEMATCH, i, true);
      continue;
    }
    for (const auto& kw : rules[i].keywords) {
      if (absl::StartsWith(kw, "re:")) {
        add(kw.substr(3), HS_FLAG_PREFILTER, i, false);
      } else if (!kw.empty()) {
        add(EscapeLiteral(kw), HS_FLAG_CASELESS, i, false);
      }
    }
  }
  return patterns;
}

}  // namespace

double ShannonEntropy(absl::string_view s) {
  if (s.empty()) return 0;
  size_t counts[256] = {};
  for (unsigned char ch : s) ++counts[ch];
  double bits = 0;
  for (size_t n : counts) {
    if (n == 0) continue;
    const double p = static_cast<double>(n) / s.size();
    bits -= p * std::log2(p);
  }
  return bits;
}

absl::StatusOr<std::unique_ptr<SecretEngine>> SecretEngine::Compile(
    std::vector<SecretRule> rules, std::vector<AllowRule> allow_rules,
    const std::vector<std::string>& exclude_blocks) {
  std::unique_ptr<SecretEngine> engine(new SecretEngine());
  for (const auto& rule : rules) {
    MOAT_ASSIGN_OR_RETURN(auto c, CompileRule(rule));
    engine->compiled_.push_back(std::move(c));
  }
  for (const auto& a : allow_rules) {
    MOAT_ASSIGN_OR_RETURN(auto c, CompileAllow("", a));
    engine->global_allow_.push_back(std::move(c));
  }
  for (const auto& e : exclude_blocks) {
    MOAT_ASSIGN_OR_RETURN(auto re, CompileField("exclude block", e));
    engine->global_exclude_.push_back(std::move(re));
  }
  engine->rules_ = std::move(rules);
  MOAT_RETURN_IF_ERROR(engine->BuildDatabase());
  return engine;
}

absl::Status SecretEngine::BuildDatabase() {
  std::vector<HsPattern> patterns = CollectPatterns(rules_);
  while (!patterns.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
      exprs.push_back(patterns[i].expr.c_str());
      flags.push_back(patterns[i].flags);
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), exprs.size(), HS_MODE_BLOCK,
                         nullptr, &db, &err) == HS_SUCCESS) {
      database_ = db;
      break;
    }
    const int bad = err->expression;
    std::string message = err->message;
    hs_free_compile_error(err);
    if (bad < 0 || !patterns[bad].user_regex) {
      const size_t rule = bad < 0 ? 0 : patterns[bad].rules.front();
      return absl::InvalidArgumentError(absl::StrCat(
          "rule \"", rules_[rule].id, "\": keyword prefilter does not compile: ", message));
    }
    // Hyperscan cannot take this regex even as a prefilter: the rule runs on every file.
    for (size_t r : patterns[bad].rules) always_rules_.push_back(r);
    patterns.erase(patterns.begin() + bad);
  }
  for (auto& p : patterns) pattern_rules_.push_back(std::move(p.rules));
  if (database_ != nullptr) {
    hs_scratch_t* scratch = nullptr;
    if (hs_alloc_scratch(static_cast<hs_database_t*>(database_), &scratch) != HS_SUCCESS) {
      return absl::ResourceExhaustedError("cannot allocate Hyperscan scratch space");
    }
    prototype_scratch_ = scratch;
  }
  return absl::OkStatus();
}

SecretEngine::~SecretEngine() {
  for (void* s : scratch_pool_) hs_free_scratch(static_cast<hs_scratch_t*>(s));
  if (prototype_scratch_ != nullptr)
    hs_free_scratch(static_cast<hs_scratch_t*>(prototype_scratch_));
  if (database_ != nullptr) hs_free_database(static_cast<hs_database_t*>(database_));
}

void* SecretEngine::AcquireScratch() const {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!scratch_pool_.empty()) {
      void* s = scratch_pool_.back();
      scratch_pool_.pop_back();
      return s;
    }
  }
  hs_scratch_t* clone = nullptr;
  if (hs_clone_scratch(static_cast<hs_scratch_t*>(prototype_scratch_), &clone) != HS_SUCCESS) {
    return nullptr;
  }
  return clone;
}

void SecretEngine::ReleaseScratch(void* scratch) const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  scratch_pool_.push_back(scratch);
}

}  // namespace moat::detect
