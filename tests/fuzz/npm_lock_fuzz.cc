// Fuzzes the npm lock (v1/v2/v3) and package.json parsers with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/npm_lock.h"
#include "inventory/npm_package_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  moat::image::FileRecord record;
  record.path = "/app/package-lock.json";
  moat::inventory::FileInput input{0, record, bytes, 1 << 20};
  moat::inventory::FileFacts facts;
  (void)moat::inventory::NpmLockCataloger().Parse(input, &facts);
  record.path = "/app/node_modules/x/package.json";
  moat::inventory::FileFacts more;
  (void)moat::inventory::NpmPackageJsonCataloger().Parse(input, &more);
  return 0;
}
