// Fuzzes the yarn.lock (v1 and berry) line parser with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/yarn_lock.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/app/yarn.lock";
  moat::inventory::FileInput input{
      0, record, absl::string_view(reinterpret_cast<const char*>(data), size), 1 << 20};
  moat::inventory::FileFacts facts;
  (void)moat::inventory::YarnLockCataloger().Parse(input, &facts);
  return 0;
}
