// Fuzzes the Java archive cataloger (zip reading, nested archives, manifest and pom.properties)
// with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/java_archive.h"
#include "inventory/java_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/opt/app/app-1.0.jar";
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  moat::inventory::FileInput input{0, record, bytes, 1 << 20};
  moat::inventory::FileFacts facts;
  (void)moat::inventory::JavaArchiveCataloger().Parse(input, &facts);
  (void)moat::inventory::ManifestCoordinates(moat::inventory::ParseManifest(bytes));
  (void)moat::inventory::ParsePomProperties(bytes);
  (void)moat::inventory::CoordinatesFromFileName(bytes);
  return 0;
}
