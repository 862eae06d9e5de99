// Fuzzes `moat db import`: any bytes as a bundle are refused with an error, never a crash, and
// nothing is ever installed (no input can carry a valid signature of the fuzzer's fresh key).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "vulndb/bundle_key.h"
#include "vulndb/db_bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* key = moat::vulndb::BundleKey::Generate()->release();
  static const std::string dir = [] {
    char pattern[] = "/tmp/moat-bundle-fuzz-XXXXXX";
    return std::string(::mkdtemp(pattern));
  }();
  std::string bundle = dir + "/in.moatdb";
  std::ofstream(bundle, std::ios::binary).write(reinterpret_cast<const char*>(data), size);
  moat::platform::PosixFileSystem fs;
  moat::vulndb::BundleLimits limits;
  limits.max_database_bytes = 1 << 20;
  auto result = moat::vulndb::ImportBundle(&fs, bundle, *key, dir + "/moat.db", limits);
  if (result.ok() || ::access((dir + "/moat.db").c_str(), F_OK) == 0) std::abort();
  return 0;
}
