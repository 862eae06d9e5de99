// Reads a plain (already decompressed) tar stream entry by entry with libarchive.
#pragma once

#include <memory>
#include <string>

#include "image/entry_reader.h"
#include "platform/stream.h"

namespace moat::image {

// `tar` is the uncompressed tar stream; `what` names it in errors ("layer 1 (sha256:…)").
// Every error from the reader is prefixed with `what`. Finish() reads the stream to its end so
// digest checks upstream see every byte.
std::unique_ptr<EntryReader> NewTarEntryReader(std::unique_ptr<platform::ReadStream> tar,
                                               std::string what);

}  // namespace moat::image
