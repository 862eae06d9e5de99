// OS detection, one file at a time: os-release and the distribution-specific release files.
// Each parser returns only what its file states; CombineOsInfo (os_combine.h) merges them.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "inventory/cataloger.h"
#include "inventory/package.h"

namespace moat::inventory {

// /etc/os-release, /usr/lib/os-release: ID, VERSION_ID, PRETTY_NAME (else NAME VERSION),
// VERSION_CODENAME (else UBUNTU_CODENAME), with the quoting rules of os-release(5).
absl::StatusOr<OsInfo> ParseOsRelease(absl::string_view text);
// /etc/debian_version: "12.15", "bookworm/sid".
absl::StatusOr<OsInfo> ParseDebianVersion(absl::string_view text);
// /etc/lsb-release: DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION.
absl::StatusOr<OsInfo> ParseLsbRelease(absl::string_view text);
// /etc/alpine-release: "3.18.4".
absl::StatusOr<OsInfo> ParseAlpineRelease(absl::string_view text);
// /etc/{redhat,centos,rocky,almalinux,fedora,system}-release:
// "<distribution> release <version> (<codename>)"; the family comes from the distribution name.
absl::StatusOr<OsInfo> ParseReleaseLine(absl::string_view text);
// /etc/SuSE-release: a name line, then "VERSION = 12" and "PATCHLEVEL = 3".
absl::StatusOr<OsInfo> ParseSuseRelease(absl::string_view text);

// Moat's family name for an os-release ID: "almalinux" -> "alma", "amzn" -> "amazon",
// "opensuse" -> "opensuse-leap", "ol" -> "oracle"; other IDs are kept as they are (lowercase).
std::string OsFamilyFromId(absl::string_view id);

// Parses every file above at its fixed path into FileFacts::os.
class OsReleaseCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "os-release"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
