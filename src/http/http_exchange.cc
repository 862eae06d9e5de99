// Request/response conversion, routing, limits and metrics for one exchange.
#include "http/http_exchange.h"

#include <exception>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "http/request_target.h"

namespace moat::http::internal {
namespace http = boost::beast::http;

namespace {

constexpr absl::string_view kUnmatchedRoute = "unmatched";

absl::string_view View(boost::beast::string_view text) { return {text.data(), text.size()}; }

// Client-chosen methods would make the label set unbounded.
std::string MethodLabel(absl::string_view method) {
  static constexpr absl::string_view kKnown[] = {"GET",    "HEAD",    "POST", "PUT",
                                                 "DELETE", "OPTIONS", "PATCH"};
  for (absl::string_view known : kKnown) {
    if (method == known) return std::string(known);
  }
  return "OTHER";
}

void Record(ServerContext* context, absl::string_view method, absl::string_view route, int status,
            double seconds) {
  if (context->metrics == nullptr) return;
  context->metrics->Observe(kDurationMetric,
                            {{"method", MethodLabel(method)},
                             {"route", std::string(route)},
                             {"code", absl::StrCat(status)}},
                            seconds);
}

// Handler-supplied headers with CR, LF or NUL would split the response, and framing headers
// are the server's: both dropped.
bool SafeHeader(absl::string_view name, absl::string_view value) {
  if (name.empty()) return false;
  for (absl::string_view framing : {"Content-Length", "Transfer-Encoding", "Connection"}) {
    if (absl::EqualsIgnoreCase(name, framing)) return false;
  }
  for (absl::string_view text : {name, value}) {
    if (text.find_first_of(absl::string_view("\r\n\0", 3)) != absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

BeastResponse ToBeast(Response response, unsigned version, bool head, bool keep_alive) {
  // A handler cannot send an interim (1xx) response as its final one.
  int status = response.status >= 200 && response.status <= 999 ? response.status : 500;
  BeastResponse out{static_cast<http::status>(status), version};
  out.set(http::field::server, "moat");
  if (SafeHeader("Content-Type", response.content_type)) {
    out.set(http::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (SafeHeader(name, value)) out.insert(name, value);
  }
  out.keep_alive(keep_alive);
  if (status == 204 || status == 304) return out;  // no body, no Content-Length
  out.content_length(response.body.size());
  if (!head) out.body() = std::move(response.body);
  return out;
}

}  // namespace

Exchange::Exchange(ServerContext* context, const BeastRequest& header, std::string remote)
    : context_(context), version_(header.version()), start_(std::chrono::steady_clock::now()) {
  request_.method = std::string(header.method_string());
  request_.remote = std::move(remote);
  for (const auto& field : header) {
    request_.headers.emplace_back(absl::AsciiStrToLower(std::string(field.name_string())),
                                  std::string(field.value()));
  }
  absl::StatusOr<RequestTarget> target = ParseRequestTarget(View(header.target()));
  if (target.ok()) {
    request_.raw_path = std::move(target->raw_path);
    request_.path = std::move(target->path);
    request_.query = std::move(target->query);
    match_ = context_->router->Match(request_.method, request_.raw_path);
  } else {
    target_status_ = target.status();
  }
  body_limit_ = match_.options.max_body_bytes > 0 ? match_.options.max_body_bytes
                                                  : context_->options.max_body_bytes;
  if (context_->metrics != nullptr) context_->metrics->AddGauge(kInFlightMetric, {}, 1);
}

Exchange::~Exchange() { EndInFlight(); }

void Exchange::EndInFlight() {
  if (!in_flight_) return;
  in_flight_ = false;
  if (context_->metrics != nullptr) context_->metrics->AddGauge(kInFlightMetric, {}, -1);
}

std::optional<Response> Exchange::Check(std::optional<uint64_t> content_length) const {
  if (!target_status_.ok()) {
    return ErrorResponse(400, absl::StrCat("bad request target: ", target_status_.message()));
  }
  if (content_length && *content_length > body_limit_) {
    return ErrorResponse(413, absl::StrCat("request body larger than ", body_limit_, " bytes"));
  }
  return std::nullopt;
}

Response Exchange::Run(BeastRequest message) {
  request_.body = std::move(message.body());
  try {
    return match_.Call(request_);
  } catch (const std::exception& e) {
    return ErrorResponse(500, absl::StrCat("internal error: ", e.what()));
  } catch (...) {
    return ErrorResponse(500, "internal error");
  }
}

BeastResponse Exchange::Finish(Response response, bool keep_alive) {
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  bool found = match_.kind == RouteMatch::Kind::kFound;
  Record(context_, request_.method, found ? absl::string_view(match_.pattern) : kUnmatchedRoute,
         response.status, elapsed.count());
  EndInFlight();
  return ToBeast(std::move(response), version_, request_.method == "HEAD", keep_alive);
}

BeastResponse MalformedRequestResponse(ServerContext* context, int status,
                                       absl::string_view message) {
  Record(context, "OTHER", kUnmatchedRoute, status, 0);
  return ToBeast(ErrorResponse(status, message), 11, false, false);
}

}  // namespace moat::http::internal
