// Internal to the server: serving one accepted connection until it closes.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "http/server_context.h"

namespace boost::asio::ssl {
class context;
}

namespace moat::http::internal {

// Serves HTTP/1.1 on `socket` (whose executor is the connection's strand). The session keeps
// itself alive and decrements context->connections when it ends.
void StartPlainSession(boost::asio::ip::tcp::socket socket, ServerContext* context);
// The same over TLS (handshake first, within the idle timeout).
void StartTlsSession(boost::asio::ip::tcp::socket socket, ServerContext* context,
                     boost::asio::ssl::context* tls);

// Over the connection limit: a best-effort canned 503 (plain only, never blocking), then close.
void RejectConnection(boost::asio::ip::tcp::socket socket, bool tls);

}  // namespace moat::http::internal
