#include "detect/yara_rule_files.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::detect {
namespace {

constexpr int kMaxDirectoryDepth = 16;

bool IsRuleFileName(absl::string_view name) {
  return absl::EndsWith(name, ".yar") || absl::EndsWith(name, ".yara");
}

// Rule files under `dir`, by full path.
absl::Status CollectRuleFiles(platform::FileSystem* fs, const std::string& dir, int depth,
                              std::vector<std::string>* out) {
  if (depth > kMaxDirectoryDepth) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": directories nested too deep"));
  }
  MOAT_ASSIGN_OR_RETURN(std::vector<platform::DirEntry> entries, fs->ListDir(dir));
  for (const platform::DirEntry& entry : entries) {
    if (absl::StartsWith(entry.name, ".")) continue;
    std::string path = absl::StrCat(dir, "/", entry.name);
    platform::FileKind kind = entry.kind;
    if (kind == platform::FileKind::kSymlink) {
      auto stat = fs->Stat(path);
      // A symlink to a file counts; one to a directory could loop, and a dangling one is noise.
      if (!stat.ok() || stat->kind != platform::FileKind::kRegular) continue;
      kind = platform::FileKind::kRegular;
    }
    if (kind == platform::FileKind::kDirectory) {
      MOAT_RETURN_IF_ERROR(CollectRuleFiles(fs, path, depth + 1, out));
    } else if (kind == platform::FileKind::kRegular && IsRuleFileName(entry.name)) {
      out->push_back(std::move(path));
    }
  }
  return absl::OkStatus();
}

std::string Stem(absl::string_view path) {
  size_t slash = path.rfind('/');
  absl::string_view name = slash == absl::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot != absl::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

// Files named by `paths`, directories expanded.
absl::StatusOr<std::vector<std::string>> RuleFiles(platform::FileSystem* fs,
                                                   const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    auto stat = fs->Stat(path);
    if (!stat.ok()) return Annotate(stat.status(), "YARA rules");
    if (stat->kind != platform::FileKind::kDirectory) {
      files.push_back(path);
      continue;
    }
    size_t before = files.size();
    MOAT_RETURN_IF_ERROR(CollectRuleFiles(fs, path, 0, &files));
    if (files.size() == before) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": no *.yar or *.yara files"));
    }
  }
  return files;
}

}  // namespace

absl::StatusOr<std::vector<YaraRuleSource>> LoadYaraRuleSources(
    platform::FileSystem* fs, const std::vector<std::string>& paths) {
  MOAT_ASSIGN_OR_RETURN(std::vector<std::string> files, RuleFiles(fs, paths));
  std::vector<YaraRuleSource> sources;
  absl::flat_hash_set<std::string> namespaces;
  for (const std::string& file : files) {
    YaraRuleSource source;
    source.name = file;
    auto text = fs->ReadFile(file, kMaxRuleFileSize);
    if (!text.ok()) return Annotate(text.status(), "reading YARA rules");
    source.text = *std::move(text);
    std::string stem = Stem(file);
    source.rule_namespace = stem;
    for (int n = 2; !namespaces.insert(source.rule_namespace).second; ++n) {
      source.rule_namespace = absl::StrCat(stem, "_", n);
    }
    sources.push_back(std::move(source));
  }
  return sources;
}

}  // namespace moat::detect
