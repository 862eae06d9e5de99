#include "inventory/rust_audit.h"

#include <zlib.h>

#include <algorithm>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "inventory/elf.h"

namespace moat::inventory {
namespace {

constexpr int64_t kMinBinarySize = 64;
constexpr size_t kChunk = 64 * 1024;

// Inflates zlib-wrapped `in`, refusing output beyond `limit` bytes.
absl::StatusOr<std::string> InflateZlib(absl::string_view in, int64_t limit) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return absl::ResourceExhaustedError("cannot start zlib");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  int r = Z_OK;
  while (r == Z_OK) {
    if (static_cast<int64_t>(out.size()) >= limit) {
      inflateEnd(&z);
      return absl::InvalidArgumentError(absl::StrCat(".dep-v0 inflates past ", limit, " bytes"));
    }
    size_t room = std::min<size_t>(kChunk, static_cast<size_t>(limit) - out.size());
    size_t before = out.size();
    out.resize(before + room);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + before);
    z.avail_out = static_cast<uInt>(room);
    r = inflate(&z, Z_NO_FLUSH);
    out.resize(before + room - z.avail_out);
  }
  std::string message = z.msg != nullptr ? z.msg : "";
  inflateEnd(&z);
  if (r == Z_STREAM_END) return out;
  if (r == Z_BUF_ERROR) message = "data is truncated";
  return absl::InvalidArgumentError(
      absl::StrCat("cannot inflate .dep-v0: ", message.empty() ? zError(r) : message));
}

}  // namespace

absl::StatusOr<std::vector<Package>> ParseRustAuditData(absl::string_view compressed) {
  absl::StatusOr<std::string> text = InflateZlib(compressed, kMaxRustAuditSize);
  if (!text.ok()) return text.status();
  absl::StatusOr<Json> json = ParseJson(*text, ".dep-v0");
  if (!json.ok()) return json.status();
  const Json* list = JsonField(*json, "packages");
  if (list == nullptr || !list->is_array()) {
    return absl::InvalidArgumentError(".dep-v0 has no \"packages\" array");
  }
  std::vector<Package> out;
  for (const Json& entry : *list) {
    if (!entry.is_object()) continue;
    std::string kind = JsonString(entry, "kind", "runtime");
    if (kind != "runtime") continue;
    Package p;
    p.ecosystem = Ecosystem::kCargo;
    p.name = JsonString(entry, "name");
    p.version = JsonString(entry, "version");
    p.origin = PackageOrigin::kBinary;
    if (p.name.empty() || p.version.empty()) continue;
    out.push_back(std::move(p));
  }
  return out;
}

bool RustAuditCataloger::Wants(const image::FileRecord& file) const {
  return file.IsExecutable() && file.size >= kMinBinarySize;
}

absl::Status RustAuditCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  if (!ElfFile::HasMagic(input.data)) return absl::OkStatus();
  absl::StatusOr<ElfFile> elf = ElfFile::Parse(input.data);
  if (!elf.ok()) return absl::OkStatus();  // not a binary we can read: not ours to report
  std::optional<absl::string_view> section = elf->Section(".dep-v0");
  if (!section) return absl::OkStatus();
  absl::StatusOr<std::vector<Package>> packages = ParseRustAuditData(*section);
  if (!packages.ok()) return packages.status();
  for (Package& p : *packages) facts->packages.push_back(std::move(p));
  return absl::OkStatus();
}

}  // namespace moat::inventory
