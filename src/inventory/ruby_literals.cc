#include "inventory/ruby_literals.h"

#include "absl/strings/ascii.h"

namespace moat::inventory {
namespace {

char ClosingDelimiter(char open) {
  switch (open) {
    case '(':
      return ')';
    case '[':
      return ']';
    case '{':
      return '}';
    case '<':
      return '>';
    default:
      return open;
  }
}

// Reads a literal whose opening delimiter is at code[*pos]; false when unterminated.
bool ReadLiteral(absl::string_view code, size_t* pos, char close, std::string* out) {
  for (size_t i = *pos + 1; i < code.size(); ++i) {
    char c = code[i];
    if (c == '\\' && i + 1 < code.size()) {
      out->push_back(code[++i]);
    } else if (c == close) {
      *pos = i + 1;
      return true;
    } else {
      out->push_back(c);
    }
  }
  return false;
}

bool IsPercentLiteral(absl::string_view code, size_t i) {
  if (i + 2 >= code.size() || code[i] != '%' || (code[i + 1] != 'q' && code[i + 1] != 'Q')) {
    return false;
  }
  unsigned char delimiter = static_cast<unsigned char>(code[i + 2]);
  return absl::ascii_ispunct(delimiter);
}

}  // namespace

std::vector<std::string> RubyStringLiterals(absl::string_view code) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < code.size()) {
    char c = code[i];
    if (c == '#') break;
    std::string literal;
    if (c == '"' || c == '\'') {
      if (!ReadLiteral(code, &i, c, &literal)) break;
    } else if (IsPercentLiteral(code, i)) {
      i += 2;
      if (!ReadLiteral(code, &i, ClosingDelimiter(code[i]), &literal)) break;
    } else {
      ++i;
      continue;
    }
    out.push_back(std::move(literal));
  }
  return out;
}

}  // namespace moat::inventory
