// Fuzzes the go.mod and go.sum parsers with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/go_mod.h"
#include "inventory/go_sum.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/src/go.mod";
  moat::inventory::FileInput input{
      0, record, absl::string_view(reinterpret_cast<const char*>(data), size), 1 << 20};
  moat::inventory::FileFacts mod, sum;
  (void)moat::inventory::GoModCataloger().Parse(input, &mod);
  record.path = "/src/go.sum";
  (void)moat::inventory::GoSumCataloger().Parse(input, &sum);
  return 0;
}
