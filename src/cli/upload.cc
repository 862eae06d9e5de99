#include "cli/upload.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/app.h"
#include "common/json.h"
#include "platform/stream.h"
#include "report/json_writer.h"

namespace moat::cli {
namespace {

constexpr absl::string_view kScansPath = "/api/v1/scans";
constexpr size_t kMaxAnswerBytes = size_t{1} << 20;
constexpr size_t kMaxQuotedAnswer = 300;

std::string FromEnv(const Context& ctx, const std::string& given, const char* variable) {
  if (!given.empty() || !ctx.getenv) return given;
  return ctx.getenv(variable).value_or("");
}

// The token goes into a header: no spaces or control characters.
absl::StatusOr<std::string> ResolveToken(const Context& ctx, const UploadFlags& flags) {
  // Tokens often come from files and secrets stores with a trailing newline.
  std::string token(absl::StripAsciiWhitespace(FromEnv(ctx, flags.token, "MOAT_TOKEN")));
  if (token.empty()) return absl::InvalidArgumentError("--upload needs --token or $MOAT_TOKEN");
  for (char c : token) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError("--token: contains spaces or control characters");
    }
  }
  return token;
}

// <server>/api/v1/scans; a URL that already ends in the path is kept.
std::string Endpoint(absl::string_view server) {
  absl::ConsumeSuffix(&server, "/");
  if (absl::EndsWith(server, kScansPath)) return std::string(server);
  return absl::StrCat(server, kScansPath);
}

Json PipelineJson(const CiPipeline& pipeline) {
  return Json{{"provider", pipeline.provider},
              {"repository", pipeline.repository},
              {"workflow", pipeline.workflow},
              {"run", pipeline.run},
              {"commit", pipeline.commit},
              {"branch", pipeline.branch},
              {"url", pipeline.url}};
}

// Server text is untrusted: one line of printable ASCII, cut short.
std::string Printable(absl::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxQuotedAnswer)) {
    out.push_back(absl::ascii_isprint(static_cast<unsigned char>(c)) ? c : ' ');
  }
  absl::StripAsciiWhitespace(&out);
  return text.size() > kMaxQuotedAnswer ? absl::StrCat(out, "...") : out;
}

// "HTTP 401: unknown token": error.message of the API's error body, else the body's text.
std::string DescribeFailure(platform::HttpResponse& response) {
  std::string status = absl::StrCat("HTTP ", response.status_code());
  auto body = platform::ReadAll(response.body(), kMaxAnswerBytes, "answer");
  if (!body.ok() || absl::StripAsciiWhitespace(*body).empty()) return status;
  std::string message;
  if (auto doc = ParseJson(*body, "answer"); doc.ok()) {
    if (const Json* error = JsonField(*doc, "error")) message = JsonString(*error, "message");
  }
  if (message.empty()) message = *body;
  if (int code = response.status_code(); code >= 300 && code < 400) {
    absl::StrAppend(&message, " (redirected to ", response.Header("Location"),
                    "; give the server's final URL)");
  }
  return absl::StrCat(status, ": ", Printable(message));
}

// The JSON report, without the files of each OS package if the whole would be too large.
std::string ReportForUpload(const report::ScanResult& result) {
  std::string report = report::RenderJson(result, {});
  if (report.size() < kMaxUploadBytes - (size_t{1} << 20)) return report;
  report::RenderOptions lean;
  lean.include_files = false;
  return report::RenderJson(result, lean);
}

}  // namespace

void AddUploadFlags(CLI::App& sub, UploadFlags& flags) {
  sub.add_option("--upload", flags.server,
                 "After the scan, upload the report, pipeline and gate result to the Moat center "
                 "at URL (default $MOAT_SERVER)");
  sub.add_option("--token", flags.token,
                 "API token for --upload (default $MOAT_TOKEN, which other users cannot see "
                 "in the process list as they can arguments)");
  sub.add_option("--upload-ca", flags.ca_file, "Trust this CA (PEM) for --upload");
  sub.add_flag("--upload-insecure", flags.insecure,
               "Skip TLS certificate verification for --upload");
  sub.add_option("--ci-repository", flags.ci.repository,
                 "Pipeline repository (org/repo) for --upload; overrides the CI's");
  sub.add_option("--ci-run", flags.ci.run, "Pipeline run or build number for --upload");
  sub.add_option("--ci-commit", flags.ci.commit, "Commit SHA for --upload");
  sub.add_option("--ci-branch", flags.ci.branch, "Branch for --upload");
}

absl::StatusOr<std::optional<UploadTarget>> ResolveUpload(const Context& ctx,
                                                          const UploadFlags& flags) {
  std::string server(absl::StripAsciiWhitespace(FromEnv(ctx, flags.server, "MOAT_SERVER")));
  if (server.empty()) return std::nullopt;
  if (!absl::StartsWith(server, "http://") && !absl::StartsWith(server, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("--upload: \"", server, "\" is not an http:// or https:// URL"));
  }
  auto token = ResolveToken(ctx, flags);
  if (!token.ok()) return token.status();
  // A CA file that is not there would only fail after the (long) scan.
  if (!flags.ca_file.empty() && ctx.fs != nullptr) {
    if (auto stat = ctx.fs->Stat(flags.ca_file); !stat.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--upload-ca: ", flags.ca_file, ": ", stat.status().message()));
    }
  }
  UploadTarget target;
  target.endpoint = Endpoint(server);
  target.token = std::move(*token);
  target.options.ca_file = flags.ca_file;
  target.options.insecure_skip_verify = flags.insecure;
  target.ci = flags.ci;
  return target;
}

std::string BuildUploadBody(const CiPipeline& pipeline, const std::optional<GateOutcome>& gate,
                            const std::string& report_json) {
  // The report is already JSON: embedding its text spares parsing a large document again.
  std::string body = absl::StrCat("{\"pipeline\":", DumpJson(PipelineJson(pipeline)));
  if (gate.has_value()) {
    Json verdict{{"result", gate->failed ? "fail" : "pass"}, {"reason", gate->reason}};
    absl::StrAppend(&body, ",\"gate\":", DumpJson(verdict));
  }
  absl::StrAppend(&body, ",\"report\":", absl::StripAsciiWhitespace(report_json), "}\n");
  return body;
}

absl::StatusOr<UploadReceipt> PostUpload(platform::HttpClient& client, const UploadTarget& target,
                                         const std::string& body) {
  if (body.size() > kMaxUploadBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("the report is ", body.size(), " bytes; the center accepts at most 64 MiB"));
  }
  platform::HttpRequest request;
  request.method = "POST";
  request.url = target.endpoint;
  request.headers = {{"Authorization", absl::StrCat("Bearer ", target.token)},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
  request.body = body;
  request.follow_redirects = false;  // a redirected POST would turn into a GET
  auto response = client.Send(request);
  if (!response.ok()) {
    // The caller names the URL already.
    absl::string_view why = response.status().message();
    absl::ConsumePrefix(&why, absl::StrCat("POST ", target.endpoint, ": "));
    return absl::Status(response.status().code(), why);
  }
  const int status = (*response)->status_code();
  if (status < 200 || status >= 300) return absl::UnavailableError(DescribeFailure(**response));
  UploadReceipt receipt;
  auto answer = platform::ReadAll((*response)->body(), kMaxAnswerBytes, "answer");
  if (!answer.ok()) return receipt;  // stored; the receipt is only for the log line
  if (auto doc = ParseJson(*answer, "answer"); doc.ok()) {
    receipt.id = JsonString(*doc, "id");
    receipt.digest = JsonString(*doc, "digest");
    receipt.image = JsonString(*doc, "image");
  }
  return receipt;
}

int UploadScan(Context& ctx, const UploadTarget& target, const report::ScanResult& result,
               const std::optional<GateOutcome>& gate, bool quiet) {
  CiPipeline pipeline = DetectCiPipeline(ctx.getenv, target.ci);
  std::string body = BuildUploadBody(pipeline, gate, ReportForUpload(result));
  std::unique_ptr<platform::HttpClient> client = ctx.make_http_client(target.options);
  auto receipt = PostUpload(*client, target, body);
  if (!receipt.ok()) {
    return ReportError(
        ctx, absl::Status(receipt.status().code(), absl::StrCat("uploading to ", target.endpoint,
                                                                ": ", receipt.status().message())));
  }
  if (!quiet) {
    std::fprintf(ctx.err, "moat: uploaded to %s: scan %s (%s pipeline, %s)\n",
                 target.endpoint.c_str(), Printable(receipt->id).c_str(), pipeline.provider.c_str(),
                 gate.has_value() ? (gate->failed ? "gate failed" : "gate passed") : "no gate");
  }
  return kExitOk;
}

}  // namespace moat::cli
