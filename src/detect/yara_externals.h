// The external variables a scanned file gives YARA rules: name, directory, extension, type by
// magic bytes and owner, as LOKI and THOR define them for the signature-base rules.
#pragma once

#include "absl/strings/string_view.h"
#include "detect/yara_rules.h"
#include "image/file_record.h"

namespace moat::detect {

// The file type LOKI's magic table gives the first bytes: "EXE", "ELF", "MACH-O", "PDF", "ZIP",
// "PHP", ...; "UNKNOWN" when none fits.
absl::string_view MagicFileType(absl::string_view data);

// `file.path` is canonical ("/var/www/html/shell.php").
YaraExternals ExternalsFor(const image::FileRecord& file, absl::string_view data);

}  // namespace moat::detect
