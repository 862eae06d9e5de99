// RPM packages: the rpm database in its three on-disk forms (SQLite, Berkeley DB hash, ndb)
// yields header blobs; librpm's headerImport/headerGet turn each blob into a Package.
#pragma once

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "inventory/cataloger.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {

// /var/lib/rpm/{rpmdb.sqlite,Packages,Packages.db} and the same names in
// /usr/lib/sysimage/rpm/. gpg-pubkey pseudo packages are skipped; a header that does not parse
// is a warning. Fails when the database as a whole cannot be read.
class RpmCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "rpm"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

struct RpmHeaderInfo {
  // name, version "[epoch:]version-release" (epoch only when > 0), epoch, arch, licenses
  // (the LICENSE tag as one expression), source_name/source_version from SOURCERPM (with the
  // package's epoch, which a source package shares with its binaries).
  Package package;
  std::vector<std::string> files;  // DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], or OLDFILENAMES
  bool pseudo = false;             // gpg-pubkey: a key, not a package
};

// Parses one header blob as the databases store it (no lead-in, no signature header).
// Thread-safe. Errors: "invalid rpm header", "header without NAME", "header without VERSION".
absl::StatusOr<RpmHeaderInfo> ParseRpmHeaderBlob(absl::string_view blob);

// "greet-2.0~rc1-1.src.rpm" -> ("greet", "2.0~rc1-1"); also ".nosrc.rpm". False when the
// name has no "-version-release" part.
bool SplitSourceRpm(absl::string_view source_rpm, std::string* name, std::string* version);

// Readers of the database files: each calls `visit` with every header blob it finds (the view
// is valid during the call only). Problems with single entries are added to `warnings`; the
// Status fails when the file is not a database of that kind or its structure is broken.
using RpmBlobVisitor = absl::FunctionRef<void(absl::string_view blob)>;
// rpmdb.sqlite: the Packages table's blob column, read from a private in-memory copy.
absl::Status ReadRpmSqlite(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings);
// Packages: a Berkeley DB hash database (either byte order); every hash page is scanned and
// overflow chains are followed with bounds on length and hops.
absl::Status ReadRpmBdb(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings);
// Packages.db: rpm's ndb package store (slot pages, then blobs with adler32 checksums).
absl::Status ReadRpmNdb(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings);

}  // namespace moat::inventory
