// Fuzzes the rpm database readers (SQLite, Berkeley DB hash, ndb) and librpm's header import
// with arbitrary bytes: each reader checks its own magic, so all three see every input.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/rpm.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  moat::inventory::FileInput input{
      0, record, absl::string_view(reinterpret_cast<const char*>(data), size), 1 << 20};
  for (const char* path :
       {"/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db"}) {
    record.path = path;
    moat::inventory::FileFacts facts;
    (void)moat::inventory::RpmCataloger().Parse(input, &facts);
  }
  (void)moat::inventory::ParseRpmHeaderBlob(input.data);
  return 0;
}
