// Where tests find the project's fixtures and the optional third-party data in ../shared.
#pragma once

#include <optional>
#include <string>

namespace moat::testing {

// The source tree root (MOAT_SOURCE_DIR from ctest, else derived from this file's location).
std::string SourceDir();
// tests/fixtures/<relative>.
std::string FixturePath(const std::string& relative);
// ../shared/data/<relative> when it exists; tests skip with a message otherwise.
std::optional<std::string> SharedDataPath(const std::string& relative);
// A fresh empty directory under the test temp dir, removed by the OS/CI cleanup.
std::string MakeTempDir(const std::string& prefix);

}  // namespace moat::testing

// Skips the current test when ../shared/data/<relative> is absent; yields its path otherwise.
#define MOAT_SHARED_DATA_OR_SKIP(var, relative)                                       \
  std::string var;                                                                    \
  do {                                                                                \
    auto moat_shared_ = ::moat::testing::SharedDataPath(relative);                    \
    if (!moat_shared_) GTEST_SKIP() << "../shared/data/" << relative << " is absent"; \
    var = *moat_shared_;                                                              \
  } while (0)
