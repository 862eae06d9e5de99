// One connection: reads a request header, checks limits, reads the body, runs the handler on
// the worker pool and writes the response back on the connection's strand; then keeps alive or
// closes. Every read and write runs under the idle timeout.
#include "http/http_session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <type_traits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "http/http_exchange.h"

namespace moat::http::internal {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr absl::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After an error answer the client may still be sending: read and drop this much (for at most
// kLingerTime) before closing, so the kernel does not reset the connection under the answer.
constexpr size_t kMaxLingerBytes = 1 << 20;
constexpr std::chrono::seconds kLingerTime(2);

std::string RemoteAddress(const tcp::socket& socket) {
  beast::error_code ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "";
  std::string address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) address = absl::StrCat("[", address, "]");
  return absl::StrCat(address, ":", endpoint.port());
}

// Errors of the request's syntax (answered 400) as opposed to the transport (just closed).
bool IsMalformed(const beast::error_code& ec) {
  static const auto& http_category = bhttp::make_error_code(bhttp::error::bad_method).category();
  return ec.category() == http_category && ec != bhttp::error::end_of_stream &&
         ec != bhttp::error::partial_message && ec != bhttp::error::need_more;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(Stream stream, ServerContext* context, std::string remote)
      : stream_(std::move(stream)), context_(context), remote_(std::move(remote)) {}
  ~Session() { --context_->connections; }

  void Start() {
    if constexpr (kTls) {
      Arm();
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->CloseNow();
                                self->ReadHeader();
                              });
    } else {
      ReadHeader();
    }
  }

 private:
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  void Arm() {
    Tcp().expires_after(
        std::chrono::nanoseconds(absl::ToInt64Nanoseconds(context_->options.idle_timeout)));
  }

  void ReadHeader() {
    exchange_.reset();
    parser_.emplace();
    uint64_t header_limit = std::min<uint64_t>(context_->options.max_header_bytes, UINT32_MAX);
    parser_->header_limit(static_cast<uint32_t>(header_limit));
    // Set per route once the header is in. Not boost::none: Beast 1.74 compares a
    // Content-Length against an empty optional as "greater" and fails every body.
    parser_->body_limit(std::numeric_limits<uint64_t>::max());
    Arm();
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      return Fail(431, absl::StrCat("request header larger than ",
                                    context_->options.max_header_bytes, " bytes"));
    }
    if (ec) {
      if (IsMalformed(ec)) return Fail(400, absl::StrCat("malformed request: ", ec.message()));
      return CloseNow();
    }
    exchange_.emplace(context_, parser_->get(), remote_);
    std::optional<uint64_t> length;
    if (parser_->content_length()) length = *parser_->content_length();
    if (std::optional<Response> error = exchange_->Check(length)) return Fail(std::move(*error));
    parser_->body_limit(exchange_->body_limit());
    beast::string_view expect = parser_->get()[bhttp::field::expect];
    if (parser_->is_done() ||
        !absl::EqualsIgnoreCase(absl::string_view(expect.data(), expect.size()), "100-continue")) {
      return ReadBody();
    }
    Arm();
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->CloseNow();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    if (parser_->is_done()) return Dispatch();
    Arm();  // per read: a slow but moving upload is not cut off, a stalled one is
    bhttp::async_read_some(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return Fail(ErrorResponse(
          413, absl::StrCat("request body larger than ", exchange_->body_limit(), " bytes")));
    }
    if (ec) {
      if (IsMalformed(ec)) return Fail(400, absl::StrCat("malformed request body: ", ec.message()));
      return CloseNow();
    }
    ReadBody();
  }

  // The handler may block: it runs on the worker pool, and the response comes back to the
  // strand. No read is pending meanwhile, so the idle timer is off.
  void Dispatch() {
    keep_alive_ = parser_->get().keep_alive();
    Tcp().expires_never();
    asio::post(*context_->workers, [self = this->shared_from_this()] {
      Response response = self->exchange_->Run(self->parser_->release());
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Write(self->exchange_->Finish(std::move(response), self->keep_alive_));
      });
    });
  }

  void Fail(int status, absl::string_view message) {
    if (exchange_) return Fail(ErrorResponse(status, message));
    Write(MalformedRequestResponse(context_, status, message));
  }

  void Fail(Response response) { Write(exchange_->Finish(std::move(response), false)); }

  void Write(BeastResponse response) {
    response_ = std::make_unique<BeastResponse>(std::move(response));
    serializer_.emplace(*response_);
    WriteSome();
  }

  // Piece by piece, re-arming the timer each time: a large response to a slow but reading
  // client is not cut off, one that stops reading is.
  void WriteSome() {
    Arm();
    bhttp::async_write_some(stream_, *serializer_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->CloseNow();
                              if (!self->serializer_->is_done()) return self->WriteSome();
                              self->OnWritten();
                            });
  }

  void OnWritten() {
    bool keep_alive = response_->keep_alive();
    serializer_.reset();
    response_.reset();
    exchange_.reset();
    if (!keep_alive) return Linger();
    ReadHeader();
  }

  void Linger() {
    Tcp().expires_after(kLingerTime);
    if constexpr (kTls) {
      stream_.async_shutdown(
          [self = this->shared_from_this()](beast::error_code) { self->CloseNow(); });
    } else {
      beast::error_code ec;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (ec) return CloseNow();
      Drain();
    }
  }

  void Drain() {
    Tcp().async_read_some(asio::buffer(scratch_),
                          [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                            self->drained_ += n;
                            if (ec || self->drained_ > kMaxLingerBytes) return self->CloseNow();
                            self->Drain();
                          });
  }

  void CloseNow() {
    beast::error_code ec;
    Tcp().socket().close(ec);
  }

  Stream stream_;
  ServerContext* context_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<Exchange> exchange_;
  std::unique_ptr<BeastResponse> response_;
  std::optional<bhttp::response_serializer<bhttp::string_body>> serializer_;
  bool keep_alive_ = false;
  std::array<char, 4096> scratch_;
  size_t drained_ = 0;
};

template <class Stream>
void Launch(std::shared_ptr<Session<Stream>> session, const asio::any_io_executor& strand) {
  asio::dispatch(strand, [session] { session->Start(); });
}

}  // namespace

void StartPlainSession(tcp::socket socket, ServerContext* context) {
  std::string remote = RemoteAddress(socket);
  auto executor = socket.get_executor();
  Launch(std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), context,
                                                      std::move(remote)),
         executor);
}

void StartTlsSession(tcp::socket socket, ServerContext* context, asio::ssl::context* tls) {
  using TlsStream = beast::ssl_stream<beast::tcp_stream>;
  std::string remote = RemoteAddress(socket);
  auto executor = socket.get_executor();
  Launch(std::make_shared<Session<TlsStream>>(TlsStream(beast::tcp_stream(std::move(socket)), *tls),
                                              context, std::move(remote)),
         executor);
}

void RejectConnection(tcp::socket socket, bool tls) {
  static const std::string kAnswer = [] {
    Response response = ErrorResponse(503, "too many connections");
    return absl::StrCat("HTTP/1.1 503 Service Unavailable\r\nServer: moat\r\n",
                        "Content-Type: application/json\r\nContent-Length: ", response.body.size(),
                        "\r\nConnection: close\r\n\r\n", response.body);
  }();
  beast::error_code ec;
  if (!tls) {
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(kAnswer), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }
  socket.close(ec);
}

}  // namespace moat::http::internal
