// Test helpers for the OS catalogers' tests: read a fixture, run one cataloger on bytes.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "image/file_record.h"
#include "inventory/cataloger.h"

namespace moat::inventory::testutil {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs `cataloger` on `data` as if it were the image file `path`; the Status goes to `status`
// when given, else it must be OK.
inline FileFacts RunCataloger(const Cataloger& cataloger, absl::string_view path,
                              absl::string_view data, absl::Status* status = nullptr) {
  image::FileRecord record;
  record.path = std::string(path);
  record.size = static_cast<int64_t>(data.size());
  EXPECT_TRUE(cataloger.Wants(record)) << cataloger.name() << " does not want " << path;
  FileInput input{0, record, data, 128 << 20};
  FileFacts facts;
  absl::Status result = cataloger.Parse(input, &facts);
  if (status != nullptr) {
    *status = result;
  } else {
    EXPECT_TRUE(result.ok()) << result;
  }
  return facts;
}

inline bool Wants(const Cataloger& cataloger, absl::string_view path) {
  image::FileRecord record;
  record.path = std::string(path);
  return cataloger.Wants(record);
}

}  // namespace moat::inventory::testutil
