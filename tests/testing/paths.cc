#include "testing/paths.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace moat::testing {

std::string SourceDir() {
  if (const char* env = std::getenv("MOAT_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
  std::string here = __FILE__;  // <src>/tests/testing/paths.cc
  return here.substr(0, here.rfind("/tests/testing/"));
}

std::string FixturePath(const std::string& relative) {
  return SourceDir() + "/tests/fixtures/" + relative;
}

std::optional<std::string> SharedDataPath(const std::string& relative) {
  std::string path = SourceDir() + "/../shared/data/" + relative;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return path;
}

std::string MakeTempDir(const std::string& prefix) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  char* made = ::mkdtemp(pattern.data());
  return made != nullptr ? std::string(made) : std::string();
}

}  // namespace moat::testing
