// Fuzzes CVSS vector parsing and scoring: any text yields a score in [0, 10] with a known
// severity, or an error; never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "vulndb/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto result = moat::vulndb::ScoreCvss(text);
  if (result.ok()) {
    if (result->base_score < 0 || result->base_score > 10) std::abort();
    if (result->severity.empty()) std::abort();
  }
  return 0;
}
