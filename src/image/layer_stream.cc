#include "image/layer_stream.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "image/decompress.h"
#include "image/digest_stream.h"
#include "image/prefetch_stream.h"
#include "image/tar_entry_reader.h"

namespace moat::image {

absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayerStream(
    std::unique_ptr<platform::ReadStream> blob, const LayerInfo& layer, const ScanLimits& limits,
    DigestCheck check) {
  std::string what = absl::StrCat("layer ", layer.index);
  const std::string& id = check == DigestCheck::kDiffId ? layer.diff_id : layer.digest;
  if (!id.empty()) absl::StrAppend(&what, " (", id.substr(0, 19), ")");
  if (check == DigestCheck::kBlob) {
    blob = std::make_unique<DigestStream>(std::move(blob), layer.digest, layer.size, "blob");
  }
  // Three stages on their own threads: read and hash the blob; inflate (and hash the tar);
  // walk the tar. A single-layer image then uses every core, a many-layer one no fewer.
  blob = std::make_unique<PrefetchStream>(std::move(blob));
  auto counting = std::make_unique<CountingStream>(std::move(blob));
  const CountingStream* counter = counting.get();
  Compression compression = Compression::kNone;
  auto tar = OpenDecompressed(std::move(counting), counter, limits, &compression);
  if (!tar.ok()) return Annotate(tar.status(), what);
  std::unique_ptr<platform::ReadStream> plain = std::move(*tar);
  if (check == DigestCheck::kDiffId) {
    plain =
        std::make_unique<DigestStream>(std::move(plain), layer.diff_id, -1, "uncompressed layer");
  }
  plain = std::make_unique<PrefetchStream>(std::move(plain));
  return NewTarEntryReader(std::move(plain), std::move(what));
}

}  // namespace moat::image
