#include "vulndb/feed_import.h"

#include <array>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/feed_csaf.h"
#include "vulndb/feed_debian.h"
#include "vulndb/feed_debian_list.h"
#include "vulndb/feed_document.h"
#include "vulndb/feed_import_run.h"
#include "vulndb/feed_npm_wg.h"
#include "vulndb/feed_osv.h"
#include "vulndb/feed_secdb.h"
#include "vulndb/feed_ubuntu_cve.h"

namespace moat::vulndb {
namespace {

// Deepest directory nesting walked under the import path.
constexpr int kMaxWalkDepth = 32;
// Bytes read from an extension-less file to recognise a Debian DSA/DLA list.
constexpr size_t kSniffBytes = 512;

using JsonParser = void (*)(const Json& doc, absl::string_view path, FeedOutput* out);

// JSON and YAML formats, tried in order; the first whose detector accepts the document parses
// it. A document no detector accepts is not a feed file and is ignored.
struct JsonFormat {
  bool (*detect)(const Json& doc);
  JsonParser parse;
};

const std::array<JsonFormat, 5> kJsonFormats = {{
    {LooksLikeOsv,
     [](const Json& doc, absl::string_view, FeedOutput* out) { ParseOsvDocument(doc, out); }},
    {LooksLikeNpmWg,
     [](const Json& doc, absl::string_view, FeedOutput* out) { ParseNpmWg(doc, out); }},
    {LooksLikeSecdb, ParseSecdb},
    {LooksLikeCsaf,
     [](const Json& doc, absl::string_view, FeedOutput* out) { ParseCsaf(doc, out); }},
    {LooksLikeUbuntuCve,
     [](const Json& doc, absl::string_view, FeedOutput* out) { ParseUbuntuCve(doc, out); }},
}};

enum class FileKind { kJson, kYaml, kText, kIgnored };

absl::string_view BaseName(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

FileKind KindOf(absl::string_view path) {
  std::string name = absl::AsciiStrToLower(BaseName(path));
  if (absl::EndsWith(name, ".json")) return FileKind::kJson;
  if (absl::EndsWith(name, ".yaml") || absl::EndsWith(name, ".yml")) return FileKind::kYaml;
  if (!absl::StrContains(name, '.')) return FileKind::kText;
  return FileKind::kIgnored;
}

void DispatchJson(const Json& doc, absl::string_view path, FeedOutput* out) {
  for (const JsonFormat& format : kJsonFormats) {
    if (format.detect(doc)) return format.parse(doc, path, out);
  }
}

void ImportBytes(absl::string_view path, FileKind kind, absl::string_view text, ImportRun* run) {
  if (kind == FileKind::kJson) {
    // The Debian tracker is streamed: as one tree, its 70 MB would take ~10 times that.
    if (LooksLikeDebianTracker(text)) return ParseDebianTracker(text, run);
    auto doc = LoadFeedJson(text, path);
    if (!doc.ok()) return run->FileMalformed(std::string(doc.status().message()));
    return DispatchJson(*doc, path, run);
  }
  if (kind == FileKind::kYaml) {
    auto docs = LoadFeedYaml(text, path);
    if (!docs.ok()) return run->FileMalformed(std::string(docs.status().message()));
    for (const Json& doc : *docs) DispatchJson(doc, path, run);
    return;
  }
  if (kind == FileKind::kText) ParseDebianList(text, run);
}

// The first bytes of a file, for content sniffing.
absl::StatusOr<std::string> ReadPrefix(platform::FileSystem* fs, const std::string& path) {
  MOAT_ASSIGN_OR_RETURN(auto stream, fs->OpenRead(path, /*follow_symlinks=*/false));
  std::string prefix(kSniffBytes, '\0');
  size_t got = 0;
  while (got < prefix.size()) {
    MOAT_ASSIGN_OR_RETURN(size_t n, stream->Read(prefix.data() + got, prefix.size() - got));
    if (n == 0) break;
    got += n;
  }
  prefix.resize(got);
  return prefix;
}

void ImportFile(platform::FileSystem* fs, const std::string& path, int64_t size, ImportRun* run) {
  FileKind kind = KindOf(path);
  if (kind == FileKind::kIgnored) return;
  run->BeginFile(path);
  if (kind == FileKind::kText) {
    // Extension-less files are many things (LICENSE, Makefile); only DSA/DLA lists are read.
    auto prefix = ReadPrefix(fs, path);
    if (!prefix.ok() || !LooksLikeDebianList(*prefix)) return run->EndFile();
  }
  if (size > static_cast<int64_t>(kMaxFeedFileBytes)) {
    run->FileMalformed(absl::StrCat(path, ": ", size, " bytes, larger than the limit of ",
                                    kMaxFeedFileBytes, " bytes for a feed file"));
    return run->EndFile();
  }
  auto text = fs->ReadFile(path, kMaxFeedFileBytes);
  if (!text.ok()) {
    run->FileMalformed(std::string(text.status().message()));
  } else {
    ImportBytes(path, kind, *text, run);
  }
  run->EndFile();
}

void Walk(platform::FileSystem* fs, const std::string& dir, int depth, ImportRun* run) {
  if (depth > kMaxWalkDepth) {
    return run->PathMalformed(dir, absl::StrCat(dir, ": directories nested deeper than ",
                                                kMaxWalkDepth, " levels are not walked"));
  }
  auto entries = fs->ListDir(dir);
  if (!entries.ok()) return run->PathMalformed(dir, std::string(entries.status().message()));
  for (const platform::DirEntry& entry : *entries) {
    if (absl::StartsWith(entry.name, ".")) continue;
    std::string path = absl::StrCat(dir, "/", entry.name);
    auto stat = fs->LinkStat(path);
    if (!stat.ok()) continue;
    if (stat->kind == platform::FileKind::kDirectory) {
      Walk(fs, path, depth + 1, run);
    } else if (stat->kind == platform::FileKind::kRegular) {
      ImportFile(fs, path, stat->size, run);
    }
  }
}

}  // namespace

absl::StatusOr<std::vector<ImportStats>> ImportFeedPath(platform::FileSystem* fs,
                                                        const std::string& path,
                                                        AdvisorySink* sink) {
  auto stat = fs->Stat(path);
  if (!stat.ok()) return Annotate(stat.status(), "reading feeds");
  ImportRun run(sink);
  std::string root = path;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (stat->kind == platform::FileKind::kDirectory) {
    Walk(fs, root, 0, &run);
  } else if (stat->kind == platform::FileKind::kRegular) {
    ImportFile(fs, root, stat->size, &run);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("reading feeds: ", path, ": not a file or directory"));
  }
  return run.TakeStats();
}

std::vector<ImportStats> ImportFeedText(const std::string& name, absl::string_view text,
                                        AdvisorySink* sink) {
  ImportRun run(sink);
  run.BeginFile(name);
  FileKind kind = KindOf(name);
  if (kind != FileKind::kText || LooksLikeDebianList(text.substr(0, kSniffBytes))) {
    ImportBytes(name, kind, text, &run);
  }
  run.EndFile();
  return run.TakeStats();
}

}  // namespace moat::vulndb
