#include "vulndb/feed_debian_release.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"

namespace moat::vulndb {
namespace {

constexpr std::array<std::pair<absl::string_view, absl::string_view>, 15> kReleases = {{
    {"woody", "3.0"},
    {"sarge", "3.1"},
    {"etch", "4"},
    {"lenny", "5"},
    {"squeeze", "6"},
    {"wheezy", "7"},
    {"jessie", "8"},
    {"stretch", "9"},
    {"buster", "10"},
    {"bullseye", "11"},
    {"bookworm", "12"},
    {"trixie", "13"},
    {"forky", "14"},
    {"duke", "15"},
    {"sid", "unstable"},
}};

}  // namespace

std::string DebianDistro(absl::string_view codename) {
  for (const auto& [name, number] : kReleases) {
    if (codename == name) return absl::StrCat("debian:", number);
  }
  return "";
}

}  // namespace moat::vulndb
