// Turns a layer blob (gzip, zstd, or plain tar) into an EntryReader: decompression (ISA-L for
// gzip), digest verification while streaming, and the decompression-ratio limit.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "image/entry_reader.h"
#include "image/image.h"
#include "image/limits.h"
#include "platform/stream.h"

namespace moat::image {

enum class DigestCheck {
  kNone,
  kBlob,    // sha256 of the raw (possibly compressed) bytes must equal layer.digest
  kDiffId,  // sha256 of the uncompressed tar must equal layer.diff_id
};

// Opens the tar entries of one layer. `blob` is the raw layer bytes. A digest mismatch, a
// truncated or corrupt stream, or a ratio beyond the limit is an error from Next()/ReadData()/
// Finish() that names the layer (index and digest).
absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayerStream(
    std::unique_ptr<platform::ReadStream> blob, const LayerInfo& layer, const ScanLimits& limits,
    DigestCheck check);

}  // namespace moat::image
