// Fuzzes dpkg's status parser (and the list/md5sums and copyright readers) with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/dpkg.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  moat::image::FileRecord record;
  record.path = "/var/lib/dpkg/status";
  moat::inventory::FileInput input{0, record, bytes, 1 << 20};
  moat::inventory::FileFacts status;
  (void)moat::inventory::DpkgStatusCataloger().Parse(input, &status);
  record.path = "/var/lib/dpkg/status.d/pkg.md5sums";
  moat::inventory::FileFacts md5sums;
  (void)moat::inventory::DpkgFilesCataloger().Parse(input, &md5sums);
  (void)moat::inventory::CopyrightLicenses(bytes);
  return 0;
}
