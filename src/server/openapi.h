// The OpenAPI 3.1 document of the center's API (src/server/openapi.json, embedded at build time).
#pragma once

namespace moat::server {

const char* OpenApiJson();

}  // namespace moat::server
