#include "vulndb/feed_import_run.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_osv.h"

namespace moat::vulndb {
namespace {

// Path fragments that name a feed, checked in order on the lowercased path.
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 10> kPathHints = {{
    {"nodejs-security-wg", "npm-wg"},
    {"vuln/npm/", "npm-wg"},
    {"wolfi", "wolfi"},
    {"chainguard", "chainguard"},
    {"alpine", "alpine"},
    {"secdb", "alpine"},
    {"debian", "debian"},
    {"ubuntu", "ubuntu"},
    {"csaf", "redhat"},
    {"redhat", "redhat"},
}};

absl::string_view BaseName(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string SourceFromPath(absl::string_view path) {
  absl::string_view osv = OsvSource(BaseName(path));
  if (osv != "osv") return std::string(osv);
  std::string lower = absl::AsciiStrToLower(path);
  for (const auto& [hint, source] : kPathHints) {
    if (absl::StrContains(lower, hint)) return std::string(source);
  }
  return "unknown";
}

void ImportRun::BeginFile(const std::string& path) {
  file_ = path;
  file_sources_.clear();
}

void ImportRun::EndFile() {
  for (const std::string& source : file_sources_) ++Stats(source).files;
  file_sources_.clear();
}

void ImportRun::FileMalformed(const std::string& reason) {
  // Loaders name the file in their messages; the sink gets it separately.
  absl::string_view text = reason;
  absl::ConsumePrefix(&text, absl::StrCat(file_, ": "));
  Malformed(SourceFromPath(file_), std::string(text));
}

void ImportRun::PathMalformed(const std::string& path, const std::string& reason) {
  ++Stats("unknown").malformed;
  sink_->Malformed(path, reason);
}

ImportStats& ImportRun::Stats(absl::string_view source) {
  auto it = stats_.find(source);
  if (it == stats_.end()) {
    it = stats_.emplace(std::string(source), ImportStats{}).first;
    it->second.source = std::string(source);
  }
  return it->second;
}

void ImportRun::Deliver(Advisory advisory) {
  ImportStats& stats = Stats(advisory.source);
  file_sources_.insert(advisory.source);
  ++stats.records;
  for (const std::string* date : {&advisory.modified, &advisory.published}) {
    if (*date > stats.newest) stats.newest = *date;
  }
  sink_->Add(std::move(advisory));
}

void ImportRun::Record(Advisory advisory) {
  std::string key = absl::StrCat(advisory.source, std::string(1, '\0'), advisory.id);
  if (!record_keys_.insert(std::move(key)).second) ++Stats(advisory.source).duplicates;
  Deliver(std::move(advisory));
}

void ImportRun::Fragment(Advisory advisory) {
  advisory.modified.clear();
  Deliver(std::move(advisory));
}

void ImportRun::Malformed(absl::string_view source, const std::string& reason) {
  ++Stats(source).malformed;
  file_sources_.insert(std::string(source));
  sink_->Malformed(file_, reason);
}

void ImportRun::Skipped(absl::string_view source) {
  ++Stats(source).skipped;
  file_sources_.insert(std::string(source));
}

std::vector<ImportStats> ImportRun::TakeStats() {
  std::vector<ImportStats> out;
  for (auto& [source, stats] : stats_) out.push_back(std::move(stats));
  stats_.clear();
  return out;
}

}  // namespace moat::vulndb
