// libyara's process-wide state: yr_initialize runs when the first handle is taken and
// yr_finalize when the last one goes away, so every YARA object just holds a handle.
#pragma once

#include <memory>

#include "absl/status/statusor.h"

namespace moat::detect {

class YaraLibrary {
 public:
  // A handle keeping libyara initialised; thread-safe. Fails only when yr_initialize does.
  static absl::StatusOr<std::shared_ptr<YaraLibrary>> Acquire();
  ~YaraLibrary();
  YaraLibrary(const YaraLibrary&) = delete;
  YaraLibrary& operator=(const YaraLibrary&) = delete;

 private:
  YaraLibrary() = default;
};

}  // namespace moat::detect
