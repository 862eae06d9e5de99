// Debian packages: dpkg's status database, the per-package files of distroless images, the
// lists of files each package owns, and the licences of /usr/share/doc/<package>/copyright.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

// /var/lib/dpkg/status and /var/lib/dpkg/status.d/<name> (distroless; *.md5sums excluded).
// Every stanza whose package is on disk becomes a Package: all Status values except those
// with "not-installed" or "config-files"; a stanza without Status counts as installed.
// Stanzas without Package or Version, with an invalid version or with a malformed line are
// skipped with a warning. Fails only when a file has malformed lines and no package at all.
class DpkgStatusCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "dpkg-status"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

// Owned files: /var/lib/dpkg/info/<name>[:<arch>].list (one absolute path a line; "/." is
// skipped, directories are kept) and /var/lib/dpkg/status.d/<name>.md5sums ("<md5>  <path>"
// with paths relative to "/"). The package key is the file name without its extension, so
// "libc6:amd64" for a multi-arch list.
class DpkgFilesCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "dpkg-files"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

// /usr/share/doc/<name>/copyright: licences of <name> (see CopyrightLicenses).
class DpkgCopyrightCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "dpkg-copyright"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

// Licences named by a Debian copyright file: the values of "License:" lines (machine-readable
// DEP-5 format, split on "or"/"and"/","), and in files that are not DEP-5 (no "Format:" first
// line) also references to /usr/share/common-licenses/<name>; normalized (license_names.h),
// first occurrence order, no duplicates. Prose without either yields nothing; never fails.
std::vector<std::string> CopyrightLicenses(absl::string_view text);

// Whether `version` is a valid Debian version ([epoch:]upstream[-revision], dpkg's rules:
// numeric epoch, upstream starting with a digit, allowed characters only); sets `epoch`.
bool ParseDebVersion(absl::string_view version, int* epoch);

}  // namespace moat::inventory
