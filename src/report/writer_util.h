// Small helpers shared by the report writers: ordered JSON output, the scanner version, and
// how an image is named in SBOMs.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "image/image.h"
#include "nlohmann/json.hpp"
#include "report/scan_result.h"

namespace moat::report {

// Objects keep insertion order so reports read top-down (schemaVersion first).
using OrderedJson = nlohmann::ordered_json;

// Pretty-printed (2 spaces) with a final newline; invalid UTF-8 becomes U+FFFD. Never throws.
std::string DumpOrderedJson(const OrderedJson& value);

// result.scanner_version, or this build's version when it is empty.
std::string ScannerVersion(const ScanResult& result);

// The name of the image in SBOMs: its first repo tag, else the reference the user gave, else
// its image ID.
std::string ImageDisplayName(const image::ImageInfo& image);

// The repository of the image without tag or digest ("registry.example.com/team/app"), or ""
// when the image has no repo tag or digest (archives without names, rootfs directories).
std::string ImageRepository(const image::ImageInfo& image);

// The image's identity: the manifest digest, else the image ID (config digest).
std::string ImageIdentity(const image::ImageInfo& image);

// The image's purl, pkg:oci/<name>@<manifest digest>?arch=..&repository_url=..&tag=.., or ""
// when the image has no manifest digest or no repository name.
std::string ImagePurl(const image::ImageInfo& image);

// A UUID (RFC 4122 version 5, SHA-1 of `name` in the URL namespace) in lowercase 8-4-4-4-12
// form: the same name always gives the same UUID, so reports are reproducible.
std::string NameBasedUuid(absl::string_view name);

// An RFC 3339 UTC time without fractional seconds ("2026-11-28T14:06:58Z"), as SPDX requires.
// Falls back to the Unix epoch when `text` is empty or not RFC 3339.
std::string NormalizeTimestamp(const std::string& text);

}  // namespace moat::report
