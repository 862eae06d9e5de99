#include "inventory/yarn_lock.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/path.h"
#include "inventory/app_text.h"
#include "inventory/npm_common.h"
#include "inventory/package_collector.h"

namespace moat::inventory {
namespace {

// Protocols of packages that do not come from a registry.
constexpr std::array<absl::string_view, 14> kNonRegistryProtocols = {
    "workspace", "patch",    "file",      "link",     "portal", "exec", "git",
    "git+ssh",   "git+http", "git+https", "git+file", "github", "http", "https"};

bool IsNonRegistry(absl::string_view protocol) {
  for (absl::string_view known : kNonRegistryProtocols) {
    if (protocol == known) return true;
  }
  return false;
}

struct Entry {
  int line = 0;
  std::string header;
  std::string version;
  std::string resolution;  // berry only
  bool metadata = false;
};

class YarnParser {
 public:
  YarnParser(absl::string_view path, FileFacts* facts) : path_(path), facts_(facts) {}
  absl::Status Run(absl::string_view text);

 private:
  void Field(absl::string_view line);
  void Flush();
  void FromResolution();
  void FromPattern();
  void Add(absl::string_view name, absl::string_view version);
  void Warn(absl::string_view protocol, absl::string_view spec);

  absl::string_view path_;
  FileFacts* facts_;
  Entry entry_;
  bool open_ = false;
  PackageCollector collector_;
};

absl::Status YarnParser::Run(absl::string_view text) {
  std::vector<absl::string_view> lines = SplitTextLines(StripUtf8Bom(text));
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::string_view line = lines[i];
    if (absl::StripAsciiWhitespace(line).empty() || line[0] == '#') continue;
    int indent = LeadingSpaces(line);
    if (indent == 0) {
      Flush();
      absl::string_view header = absl::StripTrailingAsciiWhitespace(line);
      if (!absl::ConsumeSuffix(&header, ":")) {
        return absl::InvalidArgumentError(FileMessage(
            path_, absl::StrCat("line ", i + 1, ": expected an entry header ending in ':'")));
      }
      entry_ = Entry{static_cast<int>(i + 1), std::string(header), "", "",
                     absl::StartsWith(header, "__metadata")};
      open_ = true;
    } else if (indent == 2 && open_) {
      Field(line.substr(2));
    }
  }
  Flush();
  for (Package& package : collector_.Take()) facts_->packages.push_back(std::move(package));
  return absl::OkStatus();
}

// v1: `version "1.2.3"` or `"version" "1.2.3"`; berry: `version: 1.2.3`.
void YarnParser::Field(absl::string_view line) {
  line = absl::StripTrailingAsciiWhitespace(line);
  size_t split = line.find_first_of(" :");
  if (line.size() > 1 && line[0] == '"') split = line.find('"', 1) + 1;
  if (split == absl::string_view::npos || split == 0 || split > line.size()) return;
  absl::string_view key = StripQuotes(line.substr(0, split));
  absl::string_view value = line.substr(split);
  absl::ConsumePrefix(&value, ":");
  value = StripQuotes(absl::StripAsciiWhitespace(value));
  if (key == "version") entry_.version = std::string(value);
  if (key == "resolution") entry_.resolution = std::string(value);
}

void YarnParser::Flush() {
  if (!open_) return;
  open_ = false;
  if (entry_.metadata) return;
  if (!entry_.resolution.empty()) {
    FromResolution();
  } else {
    FromPattern();
  }
}

// berry: resolution "name@npm:1.2.3" names the real package, also for aliases.
void YarnParser::FromResolution() {
  absl::string_view name, spec;
  if (!SplitNpmSpec(entry_.resolution, &name, &spec)) return;
  absl::string_view protocol = NpmSpecProtocol(spec);
  if (protocol != "npm") {
    if (!IsNonRegistry(protocol)) Warn(protocol, entry_.resolution);
    return;
  }
  spec.remove_prefix(4);
  spec = spec.substr(0, spec.find("::"));  // "1.2.3::__archiveUrl=..."
  Add(name, entry_.version.empty() ? spec : absl::string_view(entry_.version));
}

// v1: the first pattern of the header names the package; "alias@npm:real@^1" is an alias.
void YarnParser::FromPattern() {
  std::vector<absl::string_view> patterns = absl::StrSplit(entry_.header, ',');
  absl::string_view first = StripQuotes(absl::StripAsciiWhitespace(patterns[0]));
  absl::string_view name, spec;
  if (!SplitNpmSpec(first, &name, &spec)) return;
  absl::string_view protocol = NpmSpecProtocol(spec);
  if (protocol == "npm") {
    // "npm:real@^1", "npm:@scope/real" (any version) or just "npm:^1" (no alias).
    spec.remove_prefix(4);
    absl::string_view real_name, range;
    if (SplitNpmSpec(spec, &real_name, &range)) {
      name = real_name;
    } else if (IsValidNpmName(spec) && !absl::ascii_isdigit(static_cast<unsigned char>(spec[0]))) {
      name = spec;
    }
  } else if (!protocol.empty()) {
    if (!IsNonRegistry(protocol)) Warn(protocol, first);
    return;
  } else if (absl::StrContains(spec, '/')) {
    return;  // "user/repo#tag": a GitHub shorthand
  }
  Add(name, entry_.version);
}

void YarnParser::Add(absl::string_view name, absl::string_view version) {
  if (!IsValidNpmName(name) || !IsPlainVersion(version)) return;
  collector_.Add(MakeNpmPackage(std::string(name), std::string(version), PackageOrigin::kLockfile));
}

void YarnParser::Warn(absl::string_view protocol, absl::string_view spec) {
  facts_->warnings.push_back(
      FileMessage(path_, absl::StrCat("line ", entry_.line, ": unknown protocol \"", protocol,
                                      "\" in \"", spec, "\"; entry skipped")));
}

}  // namespace

bool YarnLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "yarn.lock";
}

absl::Status YarnLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  YarnParser parser(input.file.path, facts);
  return parser.Run(input.data);
}

}  // namespace moat::inventory
