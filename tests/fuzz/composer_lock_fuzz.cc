// Fuzzes the composer.lock and vendor/composer/installed.json parsers with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/composer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/app/composer.lock";
  moat::inventory::FileInput input{
      0, record, absl::string_view(reinterpret_cast<const char*>(data), size), 1 << 20};
  moat::inventory::FileFacts lock;
  (void)moat::inventory::ComposerLockCataloger().Parse(input, &lock);
  record.path = "/app/vendor/composer/installed.json";
  moat::inventory::FileFacts installed;
  (void)moat::inventory::ComposerInstalledCataloger().Parse(input, &installed);
  return 0;
}
