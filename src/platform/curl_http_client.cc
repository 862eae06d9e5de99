// HttpClient on libcurl. Each request gets its own easy handle inside its own multi handle, and
// the body is pulled: ReadStream::Read drives curl_multi_perform until bytes are buffered, and
// the transfer is paused while more than kPauseThreshold bytes wait to be read.
#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "platform/http_client.h"

namespace moat::platform {
namespace {

constexpr size_t kPauseThreshold = 1 << 20;
constexpr long kMaxRedirects = 10;
constexpr long kReceiveBufferSize = 128 * 1024;
constexpr auto kMaxPollWait = std::chrono::milliseconds(500);

using SteadyClock = std::chrono::steady_clock;

// What all transfers of one client share: its options, DNS answers and TLS sessions. Transfers
// hold it too, so a response may outlive its client. curl calls the lock functions from
// whichever thread runs a transfer.
class SharedCache {
 public:
  explicit SharedCache(const HttpClientOptions& options) : options_(options) {
    // Reference-counted and thread-safe in this libcurl ("threadsafe" feature).
    curl_global_init(CURL_GLOBAL_DEFAULT);
    share_ = curl_share_init();
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &SharedCache::Lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &SharedCache::Unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  ~SharedCache() {
    curl_share_cleanup(share_);
    curl_global_cleanup();
  }
  SharedCache(const SharedCache&) = delete;
  SharedCache& operator=(const SharedCache&) = delete;
  CURLSH* handle() const { return share_; }
  const HttpClientOptions& options() const { return options_; }

 private:
  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* self) {
    static_cast<SharedCache*>(self)->MutexFor(data).lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* self) {
    static_cast<SharedCache*>(self)->MutexFor(data).unlock();
  }
  std::mutex& MutexFor(curl_lock_data data) {
    size_t i = static_cast<size_t>(data);
    return mutexes_[i < mutexes_.size() ? i : 0];
  }

  HttpClientOptions options_;
  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
};

absl::StatusCode CodeForCurl(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::StatusCode::kDeadlineExceeded;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::StatusCode::kInvalidArgument;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_TOO_MANY_REDIRECTS:
      return absl::StatusCode::kFailedPrecondition;
    case CURLE_PARTIAL_FILE:
      return absl::StatusCode::kDataLoss;
    default:
      // Resolve, connect, send/receive, TLS handshake and HTTP/2 framing failures.
      return absl::StatusCode::kUnavailable;
  }
}

bool IsFollowedRedirect(int code) {
  return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

// One request and its response, from setup to the end of the body.
class CurlTransfer {
 public:
  explicit CurlTransfer(std::shared_ptr<SharedCache> cache)
      : cache_(std::move(cache)), options_(cache_->options()) {}
  ~CurlTransfer() {
    if (multi_ != nullptr && easy_ != nullptr) curl_multi_remove_handle(multi_, easy_);
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    if (header_list_ != nullptr) curl_slist_free_all(header_list_);
  }
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  absl::Status Start(const HttpRequest& request);
  // Runs the transfer until the final response's headers are in.
  absl::Status WaitForHeaders() {
    return Pump([this] { return headers_done_; });
  }
  absl::StatusOr<size_t> Read(char* buffer, size_t size);

  int status_code() const { return status_code_; }
  const HttpHeaders& headers() const { return headers_; }
  const std::string& effective_url() const { return effective_url_; }

 private:
  void SetRequestOptions(const HttpRequest& request);
  absl::Status Pump(const std::function<bool()>& ready);
  void CollectResult();
  absl::Status TransferError(CURLcode code) const;
  size_t Buffered() const { return buffer_.size() - read_pos_; }
  void OnHeaderLine(absl::string_view line);
  size_t OnBody(const char* data, size_t size);
  static size_t HeaderCallback(char* data, size_t size, size_t count, void* self) {
    static_cast<CurlTransfer*>(self)->OnHeaderLine(absl::string_view(data, size * count));
    return size * count;
  }
  static size_t WriteCallback(char* data, size_t size, size_t count, void* self) {
    return static_cast<CurlTransfer*>(self)->OnBody(data, size * count);
  }

  std::shared_ptr<SharedCache> cache_;
  const HttpClientOptions& options_;
  CURLM* multi_ = nullptr;
  CURL* easy_ = nullptr;
  curl_slist* header_list_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::string method_;
  std::string url_;
  bool follow_redirects_ = true;

  int status_code_ = 0;
  HttpHeaders headers_;
  std::string effective_url_;
  bool headers_done_ = false;
  bool done_ = false;
  CURLcode result_ = CURLE_OK;
  bool paused_ = false;
  uint64_t bytes_seen_ = 0;  // header and body bytes, for the idle timeout
  std::string buffer_;
  size_t read_pos_ = 0;
};

absl::Status CurlTransfer::Start(const HttpRequest& request) {
  method_ = request.method;
  url_ = request.url;
  follow_redirects_ = request.follow_redirects;
  multi_ = curl_multi_init();
  easy_ = curl_easy_init();
  if (multi_ == nullptr || easy_ == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat(method_, " ", url_, ": cannot make a curl handle"));
  }
  SetRequestOptions(request);
  for (const auto& [name, value] : request.headers) {
    header_list_ = curl_slist_append(header_list_, absl::StrCat(name, ": ", value).c_str());
  }
  // No "Expect: 100-continue" round trip before request bodies.
  header_list_ = curl_slist_append(header_list_, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, header_list_);
  if (curl_multi_add_handle(multi_, easy_) != CURLM_OK) {
    return absl::InternalError(absl::StrCat(method_, " ", url_, ": cannot start the transfer"));
  }
  return absl::OkStatus();
}

void CurlTransfer::SetRequestOptions(const HttpRequest& request) {
  curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, kMaxRedirects);
  // Never resend credentials to another host after a redirect (curl's default, made explicit).
  curl_easy_setopt(easy_, CURLOPT_UNRESTRICTED_AUTH, 0L);
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_SHARE, cache_->handle());
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, kReceiveBufferSize);
  curl_easy_setopt(easy_, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(easy_, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_buffer_);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.insecure_skip_verify) {
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &CurlTransfer::HeaderCallback);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &CurlTransfer::WriteCallback);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
  if (request.method == "GET") {
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
  } else {
    // POST is implied by POSTFIELDS; a custom method string would survive redirects.
    if (request.method != "POST")
      curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy_, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
  }
}

void CurlTransfer::OnHeaderLine(absl::string_view line) {
  bytes_seen_ += line.size();
  if (headers_done_) return;  // trailers
  if (absl::StartsWith(line, "HTTP/")) {
    // A new response (after a redirect or a 1xx): forget the previous one's headers.
    headers_.clear();
    status_code_ = 0;
    std::string code(line.substr(std::min(line.find(' '), line.size())).substr(0, 4));
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(code), &status_code_)) status_code_ = 0;
    return;
  }
  absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(line);
  if (trimmed.empty()) {
    bool informational = status_code_ >= 100 && status_code_ < 200;
    bool redirected = follow_redirects_ && IsFollowedRedirect(status_code_) &&
                      std::any_of(headers_.begin(), headers_.end(), [](const auto& h) {
                        return absl::EqualsIgnoreCase(h.first, "Location");
                      });
    if (!informational && !redirected) headers_done_ = true;
    return;
  }
  size_t colon = trimmed.find(':');
  if (colon == absl::string_view::npos) return;
  headers_.emplace_back(std::string(absl::StripAsciiWhitespace(trimmed.substr(0, colon))),
                        std::string(absl::StripAsciiWhitespace(trimmed.substr(colon + 1))));
}

size_t CurlTransfer::OnBody(const char* data, size_t size) {
  headers_done_ = true;
  if (Buffered() >= kPauseThreshold) {
    paused_ = true;
    return CURL_WRITEFUNC_PAUSE;  // curl keeps these bytes and hands them over again later
  }
  if (read_pos_ > 0 && read_pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, read_pos_);
    read_pos_ = 0;
  }
  buffer_.append(data, size);
  bytes_seen_ += size;
  return size;
}

void CurlTransfer::CollectResult() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy_) {
      done_ = true;
      result_ = msg->data.result;
    }
  }
}

absl::Status CurlTransfer::Pump(const std::function<bool()>& ready) {
  auto last_progress = SteadyClock::now();
  uint64_t last_seen = bytes_seen_;
  auto idle = std::chrono::milliseconds(absl::ToInt64Milliseconds(options_.idle_timeout));
  while (!ready() && !done_) {
    if (paused_ && Buffered() == 0) {
      paused_ = false;
      curl_easy_pause(easy_, CURLPAUSE_CONT);
    }
    int running = 0;
    if (CURLMcode mc = curl_multi_perform(multi_, &running); mc != CURLM_OK) {
      return absl::InternalError(absl::StrCat(method_, " ", url_, ": ", curl_multi_strerror(mc)));
    }
    CollectResult();
    if (ready() || done_) break;
    auto now = SteadyClock::now();
    if (bytes_seen_ != last_seen) {
      last_seen = bytes_seen_;
      last_progress = now;
    } else if (now - last_progress >= idle) {
      return absl::DeadlineExceededError(absl::StrCat(method_, " ", url_, ": no data received for ",
                                                      absl::FormatDuration(options_.idle_timeout)));
    }
    auto wait = std::min<SteadyClock::duration>(kMaxPollWait, idle - (now - last_progress));
    int wait_ms = static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
    curl_multi_poll(multi_, nullptr, 0, std::max(wait_ms, 1), nullptr);
  }
  if (done_ && result_ != CURLE_OK && !ready()) return TransferError(result_);
  if (headers_done_ && effective_url_.empty()) {
    char* url = nullptr;
    if (curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr) {
      effective_url_ = url;
    }
  }
  return absl::OkStatus();
}

absl::Status CurlTransfer::TransferError(CURLcode code) const {
  std::string detail =
      error_buffer_[0] != '\0' ? std::string(error_buffer_) : curl_easy_strerror(code);
  return absl::Status(CodeForCurl(code), absl::StrCat(method_, " ", url_, ": ", detail));
}

absl::StatusOr<size_t> CurlTransfer::Read(char* buffer, size_t size) {
  if (size == 0) return 0;
  if (Buffered() == 0) {
    MOAT_RETURN_IF_ERROR(Pump([this] { return Buffered() > 0; }));
    if (Buffered() == 0) {
      if (result_ != CURLE_OK) return TransferError(result_);
      return 0;
    }
  }
  size_t n = std::min(size, Buffered());
  std::memcpy(buffer, buffer_.data() + read_pos_, n);
  read_pos_ += n;
  if (read_pos_ == buffer_.size()) {
    buffer_.clear();
    read_pos_ = 0;
  }
  return n;
}

class CurlBody : public ReadStream {
 public:
  explicit CurlBody(CurlTransfer* transfer) : transfer_(transfer) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    return transfer_->Read(buffer, size);
  }

 private:
  CurlTransfer* transfer_;
};

class CurlResponse : public HttpResponse {
 public:
  explicit CurlResponse(std::unique_ptr<CurlTransfer> transfer)
      : transfer_(std::move(transfer)), body_(transfer_.get()) {}
  int status_code() const override { return transfer_->status_code(); }
  const HttpHeaders& headers() const override { return transfer_->headers(); }
  ReadStream& body() override { return body_; }
  const std::string& effective_url() const override { return transfer_->effective_url(); }

 private:
  std::unique_ptr<CurlTransfer> transfer_;
  CurlBody body_;
};

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(const HttpClientOptions& options)
      : cache_(std::make_shared<SharedCache>(options)) {}

  absl::StatusOr<std::unique_ptr<HttpResponse>> Send(const HttpRequest& request) override {
    auto transfer = std::make_unique<CurlTransfer>(cache_);
    MOAT_RETURN_IF_ERROR(transfer->Start(request));
    MOAT_RETURN_IF_ERROR(transfer->WaitForHeaders());
    return std::unique_ptr<HttpResponse>(std::make_unique<CurlResponse>(std::move(transfer)));
  }

 private:
  std::shared_ptr<SharedCache> cache_;
};

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(const HttpClientOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace moat::platform
