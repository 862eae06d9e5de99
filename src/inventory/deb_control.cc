#include "inventory/deb_control.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::inventory {
namespace {

bool IsBlankLine(absl::string_view line) { return TrimBlank(line).empty(); }

// Joins the lines of a raw value with single spaces, dropping blank ones.
std::string Fold(absl::string_view raw) {
  std::string out;
  LineReader lines(raw);
  absl::string_view line;
  while (lines.Next(&line)) {
    line = TrimBlank(line);
    if (line.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(line.data(), line.size());
  }
  return out;
}

}  // namespace

std::string ControlStanza::Get(absl::string_view name) const {
  for (const ControlField& field : fields) {
    if (absl::EqualsIgnoreCase(field.name, name)) return Fold(field.raw_value);
  }
  return std::string();
}

bool ControlStanza::Has(absl::string_view name) const {
  for (const ControlField& field : fields) {
    if (absl::EqualsIgnoreCase(field.name, name)) return true;
  }
  return false;
}

bool ControlReader::Next(ControlStanza* stanza, std::string* error) {
  stanza->fields.clear();
  stanza->first_line = 0;
  error->clear();
  absl::string_view line;
  bool started = false;
  while (lines_.Next(&line)) {
    if (IsBlankLine(line)) {
      if (started) return true;
      continue;  // separators before a stanza
    }
    if (!started) {
      started = true;
      stanza->first_line = lines_.line_number();
    }
    if (!error->empty()) continue;  // skip the rest of a malformed stanza
    if (line.front() == ' ' || line.front() == '\t') {
      if (stanza->fields.empty()) {
        *error = absl::StrCat("line ", lines_.line_number(), ": continuation line without a field");
        continue;
      }
      ControlField& last = stanza->fields.back();
      const char* begin = last.raw_value.data();
      last.raw_value = absl::string_view(begin, line.data() + line.size() - begin);
      continue;
    }
    size_t colon = line.find(':');
    absl::string_view name =
        colon == absl::string_view::npos ? "" : TrimBlank(line.substr(0, colon));
    if (name.empty()) {
      *error = absl::StrCat("line ", lines_.line_number(), ": expected \"Field: value\"");
      continue;
    }
    stanza->fields.push_back({name, line.substr(colon + 1)});
  }
  return started;
}

}  // namespace moat::inventory
