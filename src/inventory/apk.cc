#include "inventory/apk.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "inventory/license_names.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kInstalledPaths[] = {"/lib/apk/db/installed",
                                                 "/usr/lib/apk/db/installed"};

bool IsBareVersion(absl::string_view token) {
  if (token.empty() || !absl::ascii_isdigit(token.front())) return false;
  for (char c : token) {
    if (!absl::ascii_isdigit(c) && c != '.') return false;
  }
  return true;
}

// One stanza being read.
struct Stanza {
  int first_line = 0;
  Package package;
  std::string dir;
  std::vector<std::string> files;
};

class ApkParser {
 public:
  ApkParser(const FileInput& input, FileFacts* facts)
      : facts_(facts), warnings_(input.file.path), lines_(input.data) {}

  absl::Status Run() {
    absl::string_view line;
    while (lines_.Next(&line)) {
      if (line.empty()) {
        Flush();
        continue;
      }
      if (line.size() < 2 || line[1] != ':') {
        ++malformed_;
        warnings_.Add(absl::StrCat("line ", lines_.line_number(), ": expected \"X:value\""));
        continue;
      }
      if (stanza_.first_line == 0) stanza_.first_line = lines_.line_number();
      Apply(line[0], line.substr(2));
    }
    Flush();
    if (found_ == 0 && malformed_ > 0) {
      return absl::InvalidArgumentError(warnings_.first_problem());
    }
    warnings_.Finish(&facts_->warnings);
    return absl::OkStatus();
  }

 private:
  void Apply(char key, absl::string_view value) {
    Package& p = stanza_.package;
    switch (key) {
      case 'P':
        p.name = std::string(value);
        break;
      case 'V':
        p.version = std::string(value);
        break;
      case 'A':
        p.arch = std::string(value);
        break;
      case 'L':
        p.licenses = ApkLicenses(value);
        break;
      case 'o':
        p.source_name = std::string(value);
        break;
      case 'F':
        stanza_.dir = std::string(value);
        break;
      case 'R': {
        std::string path;
        if (CanonicalOwnedPath(absl::StrCat(stanza_.dir, "/", value), &path)) {
          stanza_.files.push_back(std::move(path));
        }
        break;
      }
      default:
        break;
    }
  }

  void Flush() {
    Stanza stanza = std::exchange(stanza_, Stanza());
    if (stanza.first_line == 0) return;
    Package& p = stanza.package;
    if (p.name.empty()) {
      warnings_.Add(absl::StrCat("stanza at line ", stanza.first_line, ": no P: field"));
      return;
    }
    if (p.version.empty()) {
      warnings_.Add(absl::StrCat("package ", p.name, ": no V: field"));
      return;
    }
    if (!names_.insert(p.name).second) {
      warnings_.Add(absl::StrCat("package ", p.name, ": listed again at line ", stanza.first_line));
      return;
    }
    p.ecosystem = Ecosystem::kApk;
    p.origin = PackageOrigin::kInstalled;
    if (!stanza.files.empty()) facts_->owned_files.emplace_back(p.name, std::move(stanza.files));
    facts_->packages.push_back(std::move(p));
    ++found_;
  }

  FileFacts* facts_;
  WarningList warnings_;
  LineReader lines_;
  Stanza stanza_;
  absl::flat_hash_set<std::string> names_;
  int malformed_ = 0;
  int found_ = 0;
};

}  // namespace

std::vector<std::string> ApkLicenses(absl::string_view value) {
  std::vector<std::string> raw;
  bool with = false;
  for (absl::string_view token : absl::StrSplit(value, absl::ByAnyChar(" \t"), absl::SkipEmpty())) {
    while (!token.empty() && token.front() == '(') token.remove_prefix(1);
    while (!token.empty() && token.back() == ')') token.remove_suffix(1);
    if (token.empty() || token == "AND" || token == "OR" || token == "and" || token == "or") {
      continue;
    }
    if (token == "WITH" || token == "with") {
      with = !raw.empty();
      continue;
    }
    if (!raw.empty() && (with || IsBareVersion(token))) {
      absl::StrAppend(&raw.back(), with ? " WITH " : " ", token);
      with = false;
      continue;
    }
    raw.emplace_back(token);
  }
  std::vector<std::string> out;
  for (const std::string& name : raw) out.push_back(NormalizeLicenseName(name));
  return out;
}

bool ApkCataloger::Wants(const image::FileRecord& file) const {
  for (absl::string_view path : kInstalledPaths) {
    if (file.path == path) return true;
  }
  return false;
}

absl::Status ApkCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  return ApkParser(input, facts).Run();
}

}  // namespace moat::inventory
