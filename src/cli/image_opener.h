// Flags and logic shared by every command that reads an image: where from, which platform,
// registry credentials and TLS, and the safety limits.
#pragma once

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "cli/context.h"
#include "image/image_source.h"
#include "image/limits.h"

namespace moat::cli {

struct OpenFlags {
  std::string target;
  std::string input_type = "auto";
  std::string platform = "linux/amd64";
  std::string username;
  std::string password;
  std::string ca_file;
  bool insecure = false;    // skip TLS verification
  bool plain_http = false;  // talk HTTP, not HTTPS
  int retries = 3;
  double timeout_seconds = 30;
  image::ScanLimits limits;
};

void AddOpenFlags(CLI::App& sub, OpenFlags& flags);

// Opens the image `flags.target` names (local or registry).
absl::StatusOr<std::unique_ptr<image::ImageSource>> OpenImage(Context& ctx, const OpenFlags& flags);

}  // namespace moat::cli
