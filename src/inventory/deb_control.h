// A reader of Debian control data (RFC 822-like stanzas): dpkg's status file and the
// one-package files of distroless images' status.d. Linear in the input, never allocates per
// byte, tolerates CRLF and a missing final newline.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "inventory/ospkg_text.h"

namespace moat::inventory {

struct ControlField {
  absl::string_view name;
  // Everything after the colon up to the end of the last continuation line, unprocessed.
  absl::string_view raw_value;
};

struct ControlStanza {
  int first_line = 0;  // 1-based line number of the stanza's first field
  std::vector<ControlField> fields;

  // The value of the first field called `name` (ASCII case-insensitive), continuation lines
  // folded into single spaces and surrounding blanks removed; "" when absent.
  std::string Get(absl::string_view name) const;
  bool Has(absl::string_view name) const;
};

class ControlReader {
 public:
  explicit ControlReader(absl::string_view text) : lines_(text) {}
  // Reads the next stanza into `stanza`; false at the end of the text. When a line of the
  // stanza is malformed, `error` says which ("line 7: expected \"Field: value\"") and the
  // stanza holds the fields read so far; otherwise `error` is cleared.
  bool Next(ControlStanza* stanza, std::string* error);

 private:
  LineReader lines_;
};

}  // namespace moat::inventory
