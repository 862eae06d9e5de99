// What a subcommand may touch: the platform seams and the process environment, injected so
// commands can be tested without the real world.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "platform/file_system.h"
#include "platform/http_client.h"

namespace moat::cli {

struct Context {
  platform::FileSystem* fs = nullptr;
  // Makes the HTTP client for the given TLS/timeout options (real: libcurl).
  std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
      make_http_client;
  std::function<std::optional<std::string>(const std::string&)> getenv;
  std::FILE* out = stdout;
  std::FILE* err = stderr;
  bool err_is_terminal = false;
  bool out_is_terminal = false;
  std::string home;  // $HOME, for ~/.docker/config.json
};

// Prints "moat: error: <message>" to ctx.err and returns the runtime-error exit code.
int ReportError(const Context& ctx, const absl::Status& status);

}  // namespace moat::cli
