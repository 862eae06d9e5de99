// Fuzzes the vulnerability database's own formats: advisory and affected blobs (decoding damaged
// bytes fails cleanly; what decodes re-encodes to a decodable blob with the same fields), the
// bundle manifest and the sources config. The first input byte picks the format.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "vulndb/advisory_codec.h"
#include "vulndb/db_bundle.h"
#include "vulndb/db_sources.h"

using namespace moat::vulndb;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto advisory = DecodeAdvisory(text);
      if (advisory.ok()) {
        auto again = DecodeAdvisory(EncodeAdvisory(*advisory));
        if (!again.ok() || again->id != advisory->id || again->details != advisory->details ||
            again->aliases != advisory->aliases || again->cvss.size() != advisory->cvss.size()) {
          std::abort();
        }
      }
      break;
    }
    case 1: {
      AffectedPackage affected;
      if (DecodeAffected(text, &affected).ok()) {
        AffectedPackage again;
        if (!DecodeAffected(EncodeAffected(affected), &again).ok() ||
            again.versions != affected.versions || again.ranges.size() != affected.ranges.size()) {
          std::abort();
        }
      }
      break;
    }
    case 2: {
      auto manifest = ParseManifest(text);
      if (manifest.ok() && !ParseManifest(ManifestJson(*manifest)).ok()) std::abort();
      break;
    }
    case 3: {
      auto feeds = ParseFeedSources(text, "fuzz");
      if (feeds.ok() && !ParseFeedSources(FeedSourcesJson(*feeds), "again").ok()) std::abort();
      break;
    }
  }
  return 0;
}
