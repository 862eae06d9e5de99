// Fuzzes the request-target parser (path, percent-decoding, query) and route matching with
// arbitrary bytes as the target and method.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "http/request_target.h"
#include "http/router.h"

namespace {

const moat::http::Router& FuzzRouter() {
  static const moat::http::Router* router = [] {
    auto* r = new moat::http::Router();
    auto ok = [](moat::http::Request&) { return moat::http::JsonResponse(200, "{}"); };
    r->Add("GET", "/api/v1/images/{digest}", ok);
    r->Add("POST", "/api/v1/registries/{id}/scan", ok);
    r->Add("POST", "/api/v1/registries/test", ok);
    r->Add("GET", "/static/{path*}", ok);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  // First byte picks the method so both match and 405 paths are reached.
  static constexpr absl::string_view kMethods[] = {"GET", "POST", "HEAD", "PUT"};
  absl::string_view method = kMethods[size > 0 ? data[0] % 4 : 0];
  auto target = moat::http::ParseRequestTarget(input);
  if (target.ok()) {
    moat::http::Request request;
    request.method = std::string(method);
    request.path = target->path;
    request.raw_path = target->raw_path;
    (void)FuzzRouter().Dispatch(request);
  }
  (void)FuzzRouter().Match(method, input);
  (void)moat::http::PercentDecode(input, true);
  return 0;
}
