// Runs one inventory cataloger over in-memory bytes, as the scanner would for a file at a given
// image path; for parser table tests and fuzz targets. Header-only.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/cataloger.h"

namespace moat::testing {

struct CatalogerRun {
  absl::Status status;
  inventory::FileFacts facts;
  // The status message as a std::string, so that test failures print it readably.
  std::string error() const { return std::string(status.message()); }
};

// Parses `data` as the regular file `path` of layer 0.
inline CatalogerRun RunCataloger(const inventory::Cataloger& cataloger, absl::string_view path,
                                 absl::string_view data) {
  image::FileRecord record;
  record.path = std::string(path);
  record.size = static_cast<int64_t>(data.size());
  inventory::FileInput input{0, record, data, 128ll << 20};
  CatalogerRun run;
  run.status = cataloger.Parse(input, &run.facts);
  return run;
}

// Whether `cataloger` wants the regular file `path`.
inline bool CatalogerWants(const inventory::Cataloger& cataloger, absl::string_view path) {
  image::FileRecord record;
  record.path = std::string(path);
  return cataloger.Wants(record);
}

// "name@version" per package, with " dev" appended for development-only ones, in order.
inline std::vector<std::string> PackageIds(const inventory::FileFacts& facts) {
  std::vector<std::string> ids;
  for (const inventory::Package& package : facts.packages) {
    ids.push_back(package.name + "@" + package.version + (package.dev ? " dev" : ""));
  }
  return ids;
}

// The whole content of a file, or "" when it cannot be read.
inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace moat::testing
