// Layer decompression: gzip through ISA-L (several times faster than zlib), zstd through
// libzstd, plain tar passed through. Enforces the decompression-ratio limit.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "image/digest_stream.h"
#include "image/limits.h"
#include "platform/stream.h"

namespace moat::image {

enum class Compression { kNone, kGzip, kZstd };

// Wraps `raw` in the decompressor its first bytes call for. `counter` is the stream that counts
// compressed bytes (it must outlive the result); the ratio limit compares against it.
absl::StatusOr<std::unique_ptr<platform::ReadStream>> OpenDecompressed(
    std::unique_ptr<platform::ReadStream> raw, const CountingStream* counter,
    const ScanLimits& limits, Compression* detected);

}  // namespace moat::image
