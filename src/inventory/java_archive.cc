#include "inventory/java_archive.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "inventory/java_manifest.h"
#include "inventory/zip_reader.h"

namespace moat::inventory {
namespace {

constexpr int64_t kDefaultEntryLimit = 128ll << 20;
constexpr absl::string_view kArchiveExtensions[] = {".jar", ".war", ".ear", ".par", ".jpi", ".hpi"};

// State shared by every archive nested in one file.
struct Walk {
  const JavaArchiveLimits& limits;
  const std::string& file_path;  // the outer file, for warnings
  int64_t entry_limit;           // most bytes one nested archive may inflate to
  int64_t budget_left;           // bytes all nested archives may still inflate to
  bool budget_warned = false;
  std::vector<std::string>* warnings;

  void Warn(absl::string_view inner, absl::string_view message) {
    warnings->push_back(absl::StrCat(file_path, ": java-archive: ", inner, ": ", message));
  }
};

// What one archive's entries said about the archive itself, and what its nested ones held.
struct ArchiveFacts {
  std::vector<JavaCoordinates> poms;
  std::string manifest;
  bool has_manifest = false;
  std::vector<Package> nested;
};

absl::string_view BaseName(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

bool IsPomProperties(absl::string_view name) {
  return absl::StartsWith(name, "META-INF/maven/") && absl::EndsWith(name, "/pom.properties");
}

Package MavenPackage(const JavaCoordinates& c, const std::string& chain) {
  Package p;
  p.ecosystem = Ecosystem::kMaven;
  p.name = c.Name();
  p.version = c.version;
  p.origin = PackageOrigin::kInstalled;
  p.found_in_archive = chain;
  return p;
}

absl::Status WalkArchive(absl::string_view data, const std::string& chain,
                         absl::string_view file_name, int depth, Walk* walk,
                         std::vector<Package>* out);

void VisitNested(ZipReader& zip, const std::string& inner, int depth, Walk* walk,
                 std::vector<Package>* out) {
  if (depth > walk->limits.max_depth) {
    walk->Warn(inner,
               absl::StrCat("nested deeper than ", walk->limits.max_depth, " archives; skipped"));
    return;
  }
  int64_t limit = std::min(walk->entry_limit, walk->budget_left);
  absl::StatusOr<std::string> content =
      limit > 0 ? zip.ReadEntry(limit) : absl::ResourceExhaustedError("budget");
  if (absl::IsResourceExhausted(content.status()) && limit < walk->entry_limit) {
    walk->budget_left = 0;
    if (!walk->budget_warned) {
      walk->Warn(inner, absl::StrCat("nested archives inflate past the ",
                                     walk->entry_limit * walk->limits.budget_factor,
                                     "-byte budget; this and later ones skipped"));
    }
    walk->budget_warned = true;
    return;
  }
  if (!content.ok()) {
    walk->Warn(inner, absl::StrCat(content.status().message(), "; skipped"));
    return;
  }
  walk->budget_left -= static_cast<int64_t>(content->size());
  absl::Status s = WalkArchive(*content, inner, BaseName(inner), depth, walk, out);
  if (!s.ok()) walk->Warn(inner, s.message());
}

absl::Status ReadEntries(ZipReader& zip, const std::string& chain, int depth, Walk* walk,
                         ArchiveFacts* facts) {
  while (true) {
    MOAT_ASSIGN_OR_RETURN(bool more, zip.Next());
    if (!more) return absl::OkStatus();
    if (!zip.entry_is_file()) continue;
    const std::string& name = zip.entry_name();
    std::string inner = chain.empty() ? name : absl::StrCat(chain, "/", name);
    bool is_manifest = absl::EqualsIgnoreCase(name, "META-INF/MANIFEST.MF");
    if (is_manifest || IsPomProperties(name)) {
      absl::StatusOr<std::string> text = zip.ReadEntry(walk->limits.max_metadata_size);
      if (!text.ok()) {
        walk->Warn(inner, absl::StrCat(text.status().message(), "; skipped"));
      } else if (is_manifest) {
        facts->manifest = *std::move(text);
        facts->has_manifest = true;
      } else {
        facts->poms.push_back(ParsePomProperties(*text));
      }
    } else if (IsJavaArchiveName(name)) {
      VisitNested(zip, inner, depth + 1, walk, &facts->nested);
    }
  }
}

// The archive's own packages: its valid pom.properties, and unless one of them matches the
// file name, what the manifest or else the file name says (when no pom.properties has it).
void OwnPackages(const ArchiveFacts& facts, const std::string& chain, absl::string_view file_name,
                 std::vector<Package>* out) {
  JavaCoordinates from_name = CoordinatesFromFileName(file_name);
  bool found_self = false;
  for (const JavaCoordinates& pom : facts.poms) {
    if (pom.group.empty() || !pom.complete()) continue;
    out->push_back(MavenPackage(pom, chain));
    found_self =
        found_self || (pom.artifact == from_name.artifact && pom.version == from_name.version);
  }
  if (found_self) return;
  JavaCoordinates self;
  if (facts.has_manifest) self = ManifestCoordinates(ParseManifest(facts.manifest));
  if (!self.complete()) self = from_name;
  if (!self.complete()) return;
  for (const JavaCoordinates& pom : facts.poms) {
    if (pom.artifact == self.artifact && pom.version == self.version) return;
  }
  out->push_back(MavenPackage(self, chain));
}

absl::Status WalkArchive(absl::string_view data, const std::string& chain,
                         absl::string_view file_name, int depth, Walk* walk,
                         std::vector<Package>* out) {
  ZipReader zip;
  MOAT_RETURN_IF_ERROR(zip.Open(data));
  ArchiveFacts facts;
  absl::Status status = ReadEntries(zip, chain, depth, walk, &facts);
  // A corrupt archive says nothing reliable about itself; the nested ones read before the
  // damage were read whole.
  if (status.ok()) OwnPackages(facts, chain, file_name, out);
  for (Package& p : facts.nested) out->push_back(std::move(p));
  return status;
}

}  // namespace

bool IsJavaArchiveName(absl::string_view path) {
  for (absl::string_view ext : kArchiveExtensions) {
    if (path.size() > ext.size() && absl::EndsWithIgnoreCase(path, ext)) return true;
  }
  return false;
}

bool JavaArchiveCataloger::Wants(const image::FileRecord& file) const {
  return file.IsRegular() && IsJavaArchiveName(BaseName(file.path));
}

absl::Status JavaArchiveCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  int64_t entry_limit = input.max_file_size > 0 ? input.max_file_size : kDefaultEntryLimit;
  Walk walk{limits_, input.file.path, entry_limit, entry_limit * limits_.budget_factor,
            false,   &facts->warnings};
  std::vector<Package> packages;
  absl::Status status = WalkArchive(input.data, "", BaseName(input.file.path), 0, &walk, &packages);
  // One archive may carry the same coordinates several times (shaded copies, duplicate libs);
  // the outermost occurrence is kept.
  absl::flat_hash_set<std::string> seen;
  for (Package& p : packages) {
    if (seen.insert(absl::StrCat(p.name, "@", p.version)).second) {
      facts->packages.push_back(std::move(p));
    }
  }
  return status;
}

}  // namespace moat::inventory
