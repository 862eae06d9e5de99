#include "inventory/pip_requirements.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "common/path.h"
#include "inventory/app_text.h"
#include "inventory/package_collector.h"
#include "inventory/python_package.h"

namespace moat::inventory {
namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// UTF-16 after a BOM (Windows editors write it) to UTF-8; lone surrogates become U+FFFD.
std::string DecodeUtf16(absl::string_view bytes, bool little_endian) {
  std::string out;
  auto unit = [&](size_t i) -> uint32_t {
    auto lo = static_cast<uint8_t>(bytes[little_endian ? i : i + 1]);
    auto hi = static_cast<uint8_t>(bytes[little_endian ? i + 1 : i]);
    return (uint32_t{hi} << 8) | lo;
  };
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size()) {
      uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xD800 && cp < 0xE000) {
      cp = 0xFFFD;
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string DecodeText(absl::string_view data) {
  if (absl::StartsWith(data, "\xFF\xFE")) return DecodeUtf16(data.substr(2), true);
  if (absl::StartsWith(data, "\xFE\xFF")) return DecodeUtf16(data.substr(2), false);
  return std::string(StripUtf8Bom(data));
}

// Logical lines: a trailing backslash continues onto the next line.
std::vector<std::string> LogicalLines(absl::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (absl::string_view line : SplitTextLines(text)) {
    absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(line);
    if (absl::ConsumeSuffix(&trimmed, "\\")) {
      current.append(trimmed.data(), trimmed.size());
      current.push_back(' ');
      continue;
    }
    current.append(line.data(), line.size());
    out.push_back(std::move(current));
    current.clear();
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// PEP 508 names: letters, digits, '.', '_', '-', starting and ending alphanumeric.
bool IsValidPythonName(absl::string_view name) {
  if (name.empty() || name.size() > 200) return false;
  auto alnum = [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); };
  if (!alnum(name.front()) || !alnum(name.back())) return false;
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// "name[extra] == 1.2 ; marker --hash=..." -> name, version. False for anything else.
bool ParseRequirement(absl::string_view line, std::string* name, std::string* version) {
  line = line.substr(0, line.find('#'));
  line = line.substr(0, line.find(';'));
  line = line.substr(0, line.find(" --"));
  line = absl::StripAsciiWhitespace(line);
  if (line.empty() || line[0] == '-') return false;
  size_t end = line.find_first_of(" \t[<>=!~@(");
  if (end == absl::string_view::npos) return false;
  *name = std::string(line.substr(0, end));
  absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(end));
  if (absl::ConsumePrefix(&rest, "[")) {
    size_t close = rest.find(']');
    if (close == absl::string_view::npos) return false;
    rest = absl::StripLeadingAsciiWhitespace(rest.substr(close + 1));
  }
  if (!absl::ConsumePrefix(&rest, "==")) return false;
  absl::ConsumePrefix(&rest, "=");  // "===": arbitrary equality, still one exact version
  rest = absl::StripAsciiWhitespace(rest.substr(0, rest.find(',')));
  *version = std::string(rest);
  return IsValidPythonName(*name) && IsPlainVersion(*version);
}

}  // namespace

bool PipRequirementsCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view base = PathBasename(file.path);
  return absl::StartsWith(base, "requirements") && absl::EndsWith(base, ".txt");
}

absl::Status PipRequirementsCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  PackageCollector collector;
  for (const std::string& line : LogicalLines(DecodeText(input.data))) {
    std::string name, version;
    if (!ParseRequirement(line, &name, &version)) continue;
    collector.Add(MakePypiPackage(std::move(name), std::move(version), PackageOrigin::kManifest));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
