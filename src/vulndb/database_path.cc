// DefaultDatabasePath: the system location for root (or a pre-installed database), the user's
// cache otherwise.
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "vulndb/database.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

constexpr char kSystemDir[] = "/var/lib/moat/db";
constexpr char kDatabaseName[] = "moat.db";

// Whether `dir` exists and is writable, or its nearest existing ancestor is (so it could be
// created).
bool CanWriteOrCreate(std::string dir) {
  while (true) {
    if (::access(dir.c_str(), F_OK) == 0) return ::access(dir.c_str(), W_OK) == 0;
    std::string parent = DirectoryOf(dir);
    if (parent == dir) return false;
    dir = parent;
  }
}

}  // namespace

std::string DefaultDatabasePath(const std::string& moat_db_env, const std::string& home) {
  if (!moat_db_env.empty()) return moat_db_env;
  std::string system = absl::StrCat(kSystemDir, "/", kDatabaseName);
  if (::access(system.c_str(), F_OK) == 0 || CanWriteOrCreate(kSystemDir)) return system;
  std::string base = home.empty() ? std::string("/tmp") : home;
  return absl::StrCat(base, "/.cache/moat/db/", kDatabaseName);
}

}  // namespace moat::vulndb
