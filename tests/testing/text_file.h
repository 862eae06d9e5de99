// Reading whole text files and their lines in tests (vector files under ../shared/data).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace moat::testing {

// The whole content of `path`, or "" when it cannot be read.
inline std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The lines of `path` without their '\n' (other whitespace kept); empty when unreadable.
inline std::vector<std::string> ReadTextLines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadTextFile(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace moat::testing
