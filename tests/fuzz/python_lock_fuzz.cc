// Fuzzes the Python manifest and lock parsers: the first byte picks requirements.txt,
// Pipfile.lock, poetry.lock, uv.lock or METADATA; the rest is the file.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/pip_requirements.h"
#include "inventory/pipenv_lock.h"
#include "inventory/poetry_lock.h"
#include "inventory/python_metadata.h"
#include "inventory/uv_lock.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  absl::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  moat::image::FileRecord record;
  moat::inventory::FileInput input{0, record, bytes, 1 << 20};
  moat::inventory::FileFacts facts;
  switch (data[0] % 5) {
    case 0:
      record.path = "/app/requirements.txt";
      (void)moat::inventory::PipRequirementsCataloger().Parse(input, &facts);
      break;
    case 1:
      record.path = "/app/Pipfile.lock";
      (void)moat::inventory::PipenvLockCataloger().Parse(input, &facts);
      break;
    case 2:
      record.path = "/app/poetry.lock";
      (void)moat::inventory::PoetryLockCataloger().Parse(input, &facts);
      break;
    case 3:
      record.path = "/app/uv.lock";
      (void)moat::inventory::UvLockCataloger().Parse(input, &facts);
      break;
    default:
      record.path = "/usr/lib/python3/dist-packages/x-1.0.dist-info/METADATA";
      (void)moat::inventory::PythonMetadataCataloger().Parse(input, &facts);
      break;
  }
  return 0;
}
