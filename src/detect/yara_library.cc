#include "detect/yara_library.h"

#include <yara.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace moat::detect {
namespace {

// libyara keeps its state in globals, so its lifetime is tracked process-wide here too.
struct LibraryState {
  absl::Mutex mu;
  std::weak_ptr<YaraLibrary> current ABSL_GUARDED_BY(mu);
};

LibraryState& State() {
  static LibraryState* state = new LibraryState();  // never destroyed: handles may outlive main
  return *state;
}

}  // namespace

absl::StatusOr<std::shared_ptr<YaraLibrary>> YaraLibrary::Acquire() {
  LibraryState& state = State();
  absl::MutexLock lock(&state.mu);
  if (std::shared_ptr<YaraLibrary> live = state.current.lock()) return live;
  // yr_initialize counts its calls, so a handle being destroyed concurrently (its count not yet
  // released) is harmless.
  if (int error = yr_initialize(); error != ERROR_SUCCESS) {
    return absl::InternalError(absl::StrCat("initialising libyara: error ", error));
  }
  std::shared_ptr<YaraLibrary> library(new YaraLibrary());
  state.current = library;
  return library;
}

YaraLibrary::~YaraLibrary() {
  absl::MutexLock lock(&State().mu);
  yr_finalize();
}

}  // namespace moat::detect
