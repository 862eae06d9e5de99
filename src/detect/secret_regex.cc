#include "detect/secret_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "absl/strings/str_cat.h"

namespace moat::detect {
namespace {

// Backtracking bounds: a hostile line costs milliseconds, never minutes.
constexpr uint32_t kMatchLimit = 1'000'000;
constexpr uint32_t kDepthLimit = 10'000;

pcre2_code* Code(void* p) { return static_cast<pcre2_code*>(p); }

struct MatchDataDeleter {
  void operator()(pcre2_match_data* md) const { pcre2_match_data_free(md); }
};

// One match block per thread, grown on demand: no allocation per search. Callers fetch it
// again after running a callback (which may search with another regex and grow it).
pcre2_match_data* ThreadMatchData(uint32_t pairs) {
  thread_local std::unique_ptr<pcre2_match_data, MatchDataDeleter> data;
  thread_local uint32_t capacity = 0;
  if (data == nullptr || capacity < pairs) {
    data.reset(pcre2_match_data_create(pairs, nullptr));
    capacity = data == nullptr ? 0 : pairs;
  }
  return data.get();
}

// A JIT stack per thread, larger than the 32 KiB default, so rules such as "(.|\s)*" over a
// whole file do not fail for lack of stack.
pcre2_jit_stack* ThreadJitStack(void*) {
  struct Deleter {
    void operator()(pcre2_jit_stack* s) const { pcre2_jit_stack_free(s); }
  };
  thread_local std::unique_ptr<pcre2_jit_stack, Deleter> stack(
      pcre2_jit_stack_create(32 << 10, 16 << 20, nullptr));
  return stack.get();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SecretRegex>> SecretRegex::Compile(absl::string_view pattern,
                                                                  bool caseless) {
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
  uint32_t options = PCRE2_DUPNAMES | PCRE2_DOLLAR_ENDONLY;
  if (caseless) options |= PCRE2_CASELESS;
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &error, &error_offset, cc);
  pcre2_compile_context_free(cc);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof(message));
    return absl::InvalidArgumentError(
        absl::StrCat("offset ", error_offset, ": ", reinterpret_cast<const char*>(message)));
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // the interpreter remains when JIT is missing
  std::unique_ptr<SecretRegex> re(new SecretRegex());
  re->code_ = code;
  pcre2_match_context* mc = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(mc, kMatchLimit);
  pcre2_set_depth_limit(mc, kDepthLimit);
  pcre2_jit_stack_assign(mc, ThreadJitStack, nullptr);
  re->context_ = mc;
  uint32_t count = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &count);
  re->group_count_ = static_cast<int>(count);
  return re;
}

SecretRegex::~SecretRegex() {
  pcre2_match_context_free(static_cast<pcre2_match_context*>(context_));
  pcre2_code_free(Code(code_));
}

void SecretRegex::FindAll(absl::string_view text, size_t start, size_t limit,
                          const std::function<bool(const Match&)>& fn) const {
  if (limit > text.size()) limit = text.size();
  const uint32_t pairs = static_cast<uint32_t>(group_count_) + 1;
  const uint32_t options = limit < text.size() ? PCRE2_NOTEOL : 0;
  auto* ctx = static_cast<pcre2_match_context*>(context_);
  size_t offset = start;
  Match m;
  while (offset <= limit) {
    pcre2_match_data* md = ThreadMatchData(pairs);
    if (md == nullptr) return;
    int rc = pcre2_match(Code(code_), reinterpret_cast<PCRE2_SPTR>(text.data()), limit, offset,
                         options, md, ctx);
    if (rc < 0) return;  // no match, or a limit was hit
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    m.whole = TextSpan{ov[0], ov[1]};
    if (m.whole.begin >= limit) return;
    m.groups.assign(group_count_, TextSpan{});
    for (int g = 1; g <= group_count_ && g < rc; ++g) {
      if (ov[2 * g] == PCRE2_UNSET) continue;
      m.groups[g - 1] = TextSpan{ov[2 * g], ov[2 * g + 1]};
    }
    if (!m.whole.empty() && !fn(m)) return;
    offset = m.whole.end > m.whole.begin ? m.whole.end : m.whole.end + 1;
  }
}

bool SecretRegex::Matches(absl::string_view text) const {
  bool found = false;
  FindAll(text, 0, text.size(), [&](const Match&) {
    found = true;
    return false;
  });
  return found;
}

std::vector<int> SecretRegex::GroupNumbers(absl::string_view name) const {
  std::vector<int> numbers;
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(Code(code_), PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(Code(code_), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(Code(code_), PCRE2_INFO_NAMETABLE, &table);
  for (uint32_t i = 0; i < count && table != nullptr; ++i) {
    PCRE2_SPTR entry = table + i * entry_size;
    const int number = (entry[0] << 8) | entry[1];
    if (absl::string_view(reinterpret_cast<const char*>(entry + 2)) == name) {
      numbers.push_back(number);
    }
  }
  return numbers;
}

}  // namespace moat::detect
