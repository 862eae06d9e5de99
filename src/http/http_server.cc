// The server's lifecycle: TLS context, listening socket, accept loop, I/O threads and the
// worker pool; connections themselves are served by http_session.cc.
#include "http/http_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "http/http_session.h"
#include "http/server_context.h"

namespace moat::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, const Router* router, Metrics* metrics) {
    context_.options = std::move(options);
    context_.router = router;
    context_.metrics = metrics;
  }
  ~Impl() { Stop(); }

  absl::Status Start();
  void Stop();
  uint16_t port() const { return port_; }

 private:
  std::string Where() const;
  absl::Status LoadTls();
  absl::Status Listen();
  void DefineMetrics();
  void Accept();
  void OnAccept(const boost::system::error_code& ec, tcp::socket socket);

  // Destroyed in reverse order: the io_context (and with it every pending connection) goes
  // before the TLS context and the shared state its connections use.
  internal::ServerContext context_;
  std::unique_ptr<asio::ssl::context> tls_;
  std::unique_ptr<asio::io_context> io_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::unique_ptr<asio::steady_timer> retry_timer_;
  std::unique_ptr<asio::thread_pool> workers_;
  std::vector<std::thread> threads_;
  std::atomic<uint16_t> port_{0};
  std::mutex mu_;  // Start/Stop
  bool started_ = false;
  bool stopped_ = false;
};

std::string HttpServer::Impl::Where() const {
  const std::string& address = context_.options.address;
  bool v6 = address.find(':') != std::string::npos;
  return absl::StrCat(v6 ? "[" : "", address, v6 ? "]" : "", ":", context_.options.port);
}

absl::Status HttpServer::Impl::LoadTls() {
  const HttpServerOptions& options = context_.options;
  if (options.tls_cert_file.empty() && options.tls_key_file.empty()) return absl::OkStatus();
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate and a key file");
  }
  boost::system::error_code ec;
  tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
                    ec);
  if (!ec) tls_->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("loading TLS certificate ", options.tls_cert_file, ": ", ec.message()));
  }
  tls_->use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) {
    return absl::InvalidArgumentError(
        absl::StrCat("loading TLS key ", options.tls_key_file, ": ", ec.message()));
  }
  return absl::OkStatus();
}

absl::Status HttpServer::Impl::Listen() {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(context_.options.address, ec);
  if (ec)
    return absl::InvalidArgumentError(absl::StrCat("listening on ", Where(), ": bad address"));
  tcp::endpoint endpoint(address, context_.options.port);
  acceptor_ = std::make_unique<tcp::acceptor>(*io_);
  acceptor_->open(endpoint.protocol(), ec);
  if (!ec) acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_->bind(endpoint, ec);
  if (!ec) acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) port_ = acceptor_->local_endpoint(ec).port();
  if (ec) {
    std::string message = absl::StrCat("listening on ", Where(), ": ", ec.message());
    if (ec == asio::error::access_denied) return absl::PermissionDeniedError(message);
    return absl::UnavailableError(message);
  }
  return absl::OkStatus();
}

void HttpServer::Impl::DefineMetrics() {
  if (context_.metrics == nullptr) return;
  // Both names are fixed and valid; a clash with another type only loses these series.
  (void)context_.metrics->DefineHistogram(
      internal::kDurationMetric, "HTTP request latency by method, route pattern and status code.",
      Metrics::DefaultLatencyBuckets());
  (void)context_.metrics->DefineGauge(internal::kInFlightMetric,
                                      "HTTP requests being read, handled or answered.");
  context_.metrics->AddGauge(internal::kInFlightMetric, {}, 0);
}

absl::Status HttpServer::Impl::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return absl::FailedPreconditionError("HTTP server already started");
  started_ = true;
  const HttpServerOptions& options = context_.options;
  try {
    MOAT_RETURN_IF_ERROR(LoadTls());
    io_ = std::make_unique<asio::io_context>(std::max(1, options.io_threads));
    MOAT_RETURN_IF_ERROR(Listen());
    DefineMetrics();
    workers_ = std::make_unique<asio::thread_pool>(std::max(1, options.worker_threads));
    context_.workers = workers_.get();
    retry_timer_ = std::make_unique<asio::steady_timer>(*io_);
    Accept();
    for (int i = 0; i < std::max(1, options.io_threads); ++i) {
      threads_.emplace_back([this] {
        for (;;) {
          try {
            io_->run();
            return;
          } catch (...) {  // a throwing completion handler loses its connection, not the thread
          }
        }
      });
    }
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("starting HTTP server on ", Where(), ": ", e.what()));
  }
  return absl::OkStatus();
}

void HttpServer::Impl::Accept() {
  acceptor_->async_accept(asio::make_strand(*io_),
                          [this](const boost::system::error_code& ec, tcp::socket socket) {
                            OnAccept(ec, std::move(socket));
                          });
}

void HttpServer::Impl::OnAccept(const boost::system::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors and the like: back off instead of spinning.
    retry_timer_->expires_after(std::chrono::milliseconds(50));
    retry_timer_->async_wait([this](const boost::system::error_code& wait_ec) {
      if (!wait_ec) Accept();
    });
    return;
  }
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (context_.connections.load() >= context_.options.max_connections) {
    internal::RejectConnection(std::move(socket), tls_ != nullptr);
  } else {
    ++context_.connections;
    if (tls_) {
      internal::StartTlsSession(std::move(socket), &context_, tls_.get());
    } else {
      internal::StartPlainSession(std::move(socket), &context_);
    }
  }
  Accept();
}

void HttpServer::Impl::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  if (io_) io_->stop();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  // Running handlers finish; queued ones are dropped with their connections.
  if (workers_) {
    workers_->stop();
    workers_->join();
    workers_.reset();
  }
  retry_timer_.reset();
  acceptor_.reset();
  io_.reset();  // destroys the pending operations and with them every connection
  context_.workers = nullptr;
}

HttpServer::HttpServer(HttpServerOptions options, const Router* router, Metrics* metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start() { return impl_->Start(); }

void HttpServer::Stop() { impl_->Stop(); }

uint16_t HttpServer::port() const { return impl_->port(); }

}  // namespace moat::http
