// RpmCataloger and the header-to-Package conversion on librpm.
#include "inventory/rpm.h"

#include <rpm/header.h>
#include <rpm/rpmtag.h>
#include <rpm/rpmtd.h>

#include <array>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/path.h"

namespace moat::inventory {
namespace {

constexpr std::array<absl::string_view, 2> kDbDirs = {"/var/lib/rpm", "/usr/lib/sysimage/rpm"};

using Reader = absl::Status (*)(absl::string_view, RpmBlobVisitor, WarningList&);

constexpr std::array<std::pair<absl::string_view, Reader>, 3> kReaders = {{
    {"rpmdb.sqlite", ReadRpmSqlite},
    {"Packages", ReadRpmBdb},
    {"Packages.db", ReadRpmNdb},
}};

Reader ReaderFor(absl::string_view path) {
  absl::string_view dir = PathDirname(path);
  if (dir != kDbDirs[0] && dir != kDbDirs[1]) return nullptr;
  for (const auto& [name, reader] : kReaders) {
    if (PathBasename(path) == name) return reader;
  }
  return nullptr;
}

struct HeaderDeleter {
  void operator()(headerToken_s* h) const { headerFree(h); }
};
using HeaderPtr = std::unique_ptr<headerToken_s, HeaderDeleter>;

// Tag data, freed on scope exit.
class TagData {
 public:
  TagData() : td_(rpmtdNew()) {}
  ~TagData() {
    rpmtdFreeData(td_);
    rpmtdFree(td_);
  }
  TagData(const TagData&) = delete;
  TagData& operator=(const TagData&) = delete;
  rpmtd get() { return td_; }

 private:
  rpmtd td_;
};

std::string GetString(Header h, rpmTagVal tag) {
  const char* value = headerGetString(h, tag);
  return value != nullptr ? std::string(value) : std::string();
}

std::vector<std::string> GetStrings(Header h, rpmTagVal tag) {
  std::vector<std::string> out;
  TagData td;
  if (!headerGet(h, tag, td.get(), HEADERGET_MINMEM)) return out;
  while (const char* value = rpmtdNextString(td.get())) out.emplace_back(value);
  return out;
}

std::vector<uint32_t> GetNumbers(Header h, rpmTagVal tag) {
  std::vector<uint32_t> out;
  TagData td;
  if (!headerGet(h, tag, td.get(), HEADERGET_MINMEM)) return out;
  while (const uint32_t* value = rpmtdNextUint32(td.get())) out.push_back(*value);
  return out;
}

absl::Status ReadFiles(Header h, std::vector<std::string>* files) {
  std::vector<std::string> bases = GetStrings(h, RPMTAG_BASENAMES);
  if (bases.empty()) {
    *files = GetStrings(h, RPMTAG_OLDFILENAMES);
    return absl::OkStatus();
  }
  std::vector<std::string> dirs = GetStrings(h, RPMTAG_DIRNAMES);
  std::vector<uint32_t> indexes = GetNumbers(h, RPMTAG_DIRINDEXES);
  if (indexes.size() != bases.size()) {
    return absl::InvalidArgumentError("BASENAMES and DIRINDEXES differ in length");
  }
  files->reserve(bases.size());
  for (size_t i = 0; i < bases.size(); ++i) {
    if (indexes[i] >= dirs.size()) return absl::InvalidArgumentError("DIRINDEXES out of range");
    files->push_back(absl::StrCat(dirs[indexes[i]], bases[i]));
  }
  return absl::OkStatus();
}

}  // namespace

bool SplitSourceRpm(absl::string_view source_rpm, std::string* name, std::string* version) {
  if (!absl::ConsumeSuffix(&source_rpm, ".src.rpm") &&
      !absl::ConsumeSuffix(&source_rpm, ".nosrc.rpm")) {
    return false;
  }
  size_t release = source_rpm.rfind('-');
  if (release == absl::string_view::npos || release == 0) return false;
  size_t ver = source_rpm.rfind('-', release - 1);
  if (ver == absl::string_view::npos || ver == 0 || ver + 1 == release ||
      release + 1 == source_rpm.size()) {
    return false;
  }
  *name = std::string(source_rpm.substr(0, ver));
  *version = std::string(source_rpm.substr(ver + 1));
  return true;
}

absl::StatusOr<RpmHeaderInfo> ParseRpmHeaderBlob(absl::string_view blob) {
  if (blob.size() < 16 || blob.size() > (1u << 30)) {
    return absl::InvalidArgumentError("invalid rpm header");
  }
  // HEADERIMPORT_COPY: librpm copies the blob first and never writes through the pointer.
  HeaderPtr h(headerImport(const_cast<char*>(blob.data()), static_cast<unsigned>(blob.size()),
                           HEADERIMPORT_COPY));
  if (h == nullptr) return absl::InvalidArgumentError("invalid rpm header");
  RpmHeaderInfo info;
  Package& p = info.package;
  p.ecosystem = Ecosystem::kRpm;
  p.origin = PackageOrigin::kInstalled;
  p.name = GetString(h.get(), RPMTAG_NAME);
  if (p.name.empty()) return absl::InvalidArgumentError("header without NAME");
  info.pseudo = p.name == "gpg-pubkey";
  std::string version = GetString(h.get(), RPMTAG_VERSION);
  if (version.empty()) return absl::InvalidArgumentError("header without VERSION");
  std::string release = GetString(h.get(), RPMTAG_RELEASE);
  if (headerIsEntry(h.get(), RPMTAG_EPOCH)) {
    p.epoch = static_cast<int>(headerGetNumber(h.get(), RPMTAG_EPOCH) & 0x7fffffff);
  }
  std::string epoch_prefix = p.epoch > 0 ? absl::StrCat(p.epoch, ":") : "";
  p.version = absl::StrCat(epoch_prefix, version, release.empty() ? "" : "-", release);
  p.arch = GetString(h.get(), RPMTAG_ARCH);
  if (std::string license = GetString(h.get(), RPMTAG_LICENSE); !license.empty()) {
    p.licenses.push_back(std::move(license));
  }
  std::string source_version;
  if (SplitSourceRpm(GetString(h.get(), RPMTAG_SOURCERPM), &p.source_name, &source_version)) {
    p.source_version = absl::StrCat(epoch_prefix, source_version);
  }
  if (absl::Status status = ReadFiles(h.get(), &info.files); !status.ok()) return status;
  return info;
}

bool RpmCataloger::Wants(const image::FileRecord& file) const {
  return ReaderFor(file.path) != nullptr;
}

absl::Status RpmCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  Reader reader = ReaderFor(input.file.path);
  if (reader == nullptr) return absl::InvalidArgumentError("not an rpm database");
  WarningList warnings(input.file.path);
  int index = 0;
  absl::Status status = reader(
      input.data,
      [&](absl::string_view blob) {
        ++index;
        absl::StatusOr<RpmHeaderInfo> info = ParseRpmHeaderBlob(blob);
        if (!info.ok()) {
          warnings.Add(absl::StrCat("header ", index, ": ", info.status().message()));
          return;
        }
        if (info->pseudo) return;
        std::vector<std::string> files;
        std::string path;
        for (const std::string& file : info->files) {
          if (CanonicalOwnedPath(file, &path)) files.push_back(path);
        }
        if (!files.empty()) facts->owned_files.emplace_back(info->package.name, std::move(files));
        facts->packages.push_back(std::move(info->package));
      },
      warnings);
  warnings.Finish(&facts->warnings);
  return status;
}

}  // namespace moat::inventory
