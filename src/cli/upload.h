// `moat scan --upload URL --token T`: sends the scan to the center as a CI/CD upload
// (POST /api/v1/scans, docs/design/server-api.md): the pipeline, the gate and the JSON report.
#pragma once

#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "cli/ci_metadata.h"
#include "cli/context.h"
#include "cli/policy_flags.h"
#include "platform/http_client.h"
#include "report/scan_result.h"

namespace moat::cli {

// The center accepts upload bodies up to this size.
inline constexpr size_t kMaxUploadBytes = size_t{64} << 20;

struct UploadFlags {
  std::string server;     // --upload; "" means $MOAT_SERVER; neither: no upload
  std::string token;      // --token; "" means $MOAT_TOKEN
  std::string ca_file;    // --upload-ca
  bool insecure = false;  // --upload-insecure
  CiOverrides ci;         // --ci-repository, --ci-run, --ci-commit, --ci-branch
};

void AddUploadFlags(CLI::App& sub, UploadFlags& flags);

// Where and how to upload, the environment's defaults applied.
struct UploadTarget {
  std::string endpoint;  // <server>/api/v1/scans
  std::string token;
  platform::HttpClientOptions options;
  CiOverrides ci;
};

// nullopt when no server is named (no upload). Usage errors (InvalidArgument): a server URL
// that is not http(s)://, no token.
absl::StatusOr<std::optional<UploadTarget>> ResolveUpload(const Context& ctx,
                                                          const UploadFlags& flags);

// The upload body: {"pipeline": ..., "gate": ... (left out when nullopt), "report": ...};
// `report_json` is a rendered Moat JSON report, embedded as it is.
std::string BuildUploadBody(const CiPipeline& pipeline, const std::optional<GateOutcome>& gate,
                            const std::string& report_json);

// What the center answered to an upload (201).
struct UploadReceipt {
  std::string id;
  std::string digest;
  std::string image;  // /api/v1/images/sha256:…
};

// POSTs `body` with the bearer token. A transport failure or a non-2xx answer is an error
// naming the status and the server's error message (the body's error.message, else its text):
// "HTTP 401: unknown token".
absl::StatusOr<UploadReceipt> PostUpload(platform::HttpClient& client, const UploadTarget& target,
                                         const std::string& body);

// Builds the body for `result` (the report as RenderJson writes it, without per-package files
// when it would exceed kMaxUploadBytes) and the pipeline from ctx.getenv, and uploads it.
// Returns kExitOk, or prints "moat: error: uploading to <endpoint>: <why>" and returns
// kExitError. Notes the scan ID on ctx.err unless `quiet`.
int UploadScan(Context& ctx, const UploadTarget& target, const report::ScanResult& result,
               const std::optional<GateOutcome>& gate, bool quiet);

}  // namespace moat::cli
