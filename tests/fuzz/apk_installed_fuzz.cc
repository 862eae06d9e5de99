// Fuzzes the apk installed-database parser with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/apk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/lib/apk/db/installed";
  moat::inventory::FileInput input{
      0, record, absl::string_view(reinterpret_cast<const char*>(data), size), 1 << 20};
  moat::inventory::FileFacts facts;
  (void)moat::inventory::ApkCataloger().Parse(input, &facts);
  return 0;
}
