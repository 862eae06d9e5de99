#include "detect/yara_rules.h"

#include <yara.h>

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "common/status.h"
#include "detect/yara_library.h"

namespace moat::detect {
namespace {

constexpr size_t kMaxWarnings = 100;
constexpr const char* kExternalNames[] = {"filename", "filepath", "extension", "filetype", "owner"};

// What the compiler callback collects while one source is added.
struct CompileLog {
  const std::string* current = nullptr;  // the source being added
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

void OnCompilerMessage(int level, const char* file_name, int line, const YR_RULE*,
                       const char* message, void* user_data) {
  auto* log = static_cast<CompileLog*>(user_data);
  // Sources are added as strings, so libyara knows no file name; included files would have one.
  std::string where = file_name != nullptr ? file_name : *log->current;
  std::string text = absl::StrCat(where, ":", line, ": ", message != nullptr ? message : "");
  if (level == YARA_ERROR_LEVEL_ERROR) {
    log->errors.push_back(std::move(text));
  } else if (log->warnings.size() < kMaxWarnings) {
    log->warnings.push_back(std::move(text));
  }
}

struct CompilerDeleter {
  void operator()(YR_COMPILER* c) const { yr_compiler_destroy(c); }
};
using CompilerPtr = std::unique_ptr<YR_COMPILER, CompilerDeleter>;

std::string MetaValue(const YR_META* meta) {
  switch (meta->type) {
    case META_TYPE_STRING:
      return meta->string != nullptr ? meta->string : "";
    case META_TYPE_BOOLEAN:
      return meta->integer != 0 ? "true" : "false";
    default:
      return absl::StrCat(meta->integer);
  }
}

}  // namespace

struct YaraRules::Impl {
  std::shared_ptr<YaraLibrary> library;  // declared first: destroyed last
  YR_RULES* rules = nullptr;
  int rule_count = 0;
  std::vector<std::string> warnings;
  absl::flat_hash_map<std::string, std::string> source_by_namespace;

  absl::Mutex mu;
  std::vector<YR_SCANNER*> idle ABSL_GUARDED_BY(mu);

  ~Impl() {
    for (YR_SCANNER* scanner : idle) yr_scanner_destroy(scanner);
    if (rules != nullptr) yr_rules_destroy(rules);
  }

  absl::StatusOr<YR_SCANNER*> Borrow() {
    {
      absl::MutexLock lock(&mu);
      if (!idle.empty()) {
        YR_SCANNER* scanner = idle.back();
        idle.pop_back();
        return scanner;
      }
    }
    YR_SCANNER* scanner = nullptr;
    if (int error = yr_scanner_create(rules, &scanner); error != ERROR_SUCCESS) {
      return absl::ResourceExhaustedError(absl::StrCat("creating a YARA scanner: error ", error));
    }
    yr_scanner_set_flags(scanner, SCAN_FLAGS_FAST_MODE | SCAN_FLAGS_NO_TRYCATCH);
    return scanner;
  }

  void Return(YR_SCANNER* scanner) {
    absl::MutexLock lock(&mu);
    idle.push_back(scanner);
  }
};

namespace {

// The state of one Scan call, seen by the scan callback.
struct ScanState {
  const absl::flat_hash_map<std::string, std::string>* source_by_namespace;
  std::vector<YaraMatch>* out;
};

YaraMatch MatchOf(YR_SCAN_CONTEXT* context, const YR_RULE* rule, const ScanState& state) {
  YaraMatch match;
  match.rule = rule->identifier;
  match.rule_namespace = rule->ns->name;
  auto it = state.source_by_namespace->find(match.rule_namespace);
  if (it != state.source_by_namespace->end()) match.source = it->second;
  const char* tag;
  yr_rule_tags_foreach(rule, tag) { match.tags.emplace_back(tag); }
  const YR_META* meta;
  yr_rule_metas_foreach(rule, meta) { match.meta.push_back({meta->identifier, MetaValue(meta)}); }
  const YR_STRING* string;
  yr_rule_strings_foreach(rule, string) {
    if (STRING_IS_PRIVATE(string) || match.strings.size() >= kMaxMatchStrings) continue;
    if (context->matches[string->idx].count > 0) match.strings.emplace_back(string->identifier);
  }
  return match;
}

int OnScanMessage(YR_SCAN_CONTEXT* context, int message, void* message_data, void* user_data) {
  if (message == CALLBACK_MSG_RULE_MATCHING) {
    auto* state = static_cast<ScanState*>(user_data);
    state->out->push_back(MatchOf(context, static_cast<const YR_RULE*>(message_data), *state));
  }
  return CALLBACK_CONTINUE;
}

absl::Status ScanError(int error) {
  switch (error) {
    case ERROR_SCAN_TIMEOUT:
      return absl::DeadlineExceededError("YARA scan timed out");
    case ERROR_TOO_MANY_MATCHES:
      return absl::ResourceExhaustedError("YARA scan stopped: too many matches");
    case ERROR_INSUFFICIENT_MEMORY:
      return absl::ResourceExhaustedError("YARA scan ran out of memory");
    default:
      return absl::InternalError(absl::StrCat("YARA scan failed: error ", error));
  }
}

absl::Status DefineExternals(YR_COMPILER* compiler) {
  for (const char* name : kExternalNames) {
    if (yr_compiler_define_string_variable(compiler, name, "") != ERROR_SUCCESS) {
      return absl::InternalError(absl::StrCat("defining YARA external variable ", name));
    }
  }
  return absl::OkStatus();
}

absl::Status AddSource(YR_COMPILER* compiler, const YaraRuleSource& source, CompileLog* log) {
  if (source.text.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(source.name, ": contains a NUL byte"));
  }
  log->current = &source.name;
  if (yr_compiler_add_string(compiler, source.text.c_str(), source.rule_namespace.c_str()) != 0) {
    if (log->errors.empty()) log->errors.push_back(absl::StrCat(source.name, ": does not compile"));
    return absl::InvalidArgumentError(absl::StrJoin(log->errors, "; "));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<YaraRules>> YaraRules::Compile(
    const std::vector<YaraRuleSource>& sources) {
  auto impl = std::make_unique<Impl>();
  MOAT_ASSIGN_OR_RETURN(impl->library, YaraLibrary::Acquire());
  YR_COMPILER* raw = nullptr;
  if (yr_compiler_create(&raw) != ERROR_SUCCESS) {
    return absl::ResourceExhaustedError("creating the YARA compiler");
  }
  CompilerPtr compiler(raw);
  CompileLog log;
  yr_compiler_set_callback(compiler.get(), OnCompilerMessage, &log);
  // No include callback: includes are refused, so rules read nothing beyond the given files.
  yr_compiler_set_include_callback(compiler.get(), nullptr, nullptr, nullptr);
  MOAT_RETURN_IF_ERROR(DefineExternals(compiler.get()));
  for (const YaraRuleSource& source : sources) {
    MOAT_RETURN_IF_ERROR(AddSource(compiler.get(), source, &log));
    impl->source_by_namespace.emplace(source.rule_namespace, source.name);
  }
  if (yr_compiler_get_rules(compiler.get(), &impl->rules) != ERROR_SUCCESS) {
    return absl::ResourceExhaustedError("building the compiled YARA rules");
  }
  const YR_RULE* rule;
  yr_rules_foreach(impl->rules, rule) { ++impl->rule_count; }
  impl->warnings = std::move(log.warnings);
  return std::unique_ptr<YaraRules>(new YaraRules(std::move(impl)));
}

YaraRules::YaraRules(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
YaraRules::~YaraRules() = default;

int YaraRules::rule_count() const { return impl_->rule_count; }
const std::vector<std::string>& YaraRules::warnings() const { return impl_->warnings; }

absl::Status YaraRules::Scan(absl::string_view data, const YaraExternals& externals,
                             std::vector<YaraMatch>* out, int timeout_seconds) const {
  MOAT_ASSIGN_OR_RETURN(YR_SCANNER * scanner, impl_->Borrow());
  const std::string* values[] = {&externals.filename, &externals.filepath, &externals.extension,
                                 &externals.filetype, &externals.owner};
  for (size_t i = 0; i < std::size(values); ++i) {
    yr_scanner_define_string_variable(scanner, kExternalNames[i], values[i]->c_str());
  }
  ScanState state{&impl_->source_by_namespace, out};
  yr_scanner_set_callback(scanner, OnScanMessage, &state);
  yr_scanner_set_timeout(scanner, timeout_seconds);
  static const uint8_t kEmpty = 0;
  const uint8_t* bytes = data.empty() ? &kEmpty : reinterpret_cast<const uint8_t*>(data.data());
  int error = yr_scanner_scan_mem(scanner, bytes, data.size());
  impl_->Return(scanner);
  return error == ERROR_SUCCESS ? absl::OkStatus() : ScanError(error);
}

}  // namespace moat::detect
