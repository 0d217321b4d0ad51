#include "taller/fail.hpp"

#include <cstdlib>
#include <iostream>

#include "taller/net.hpp"

namespace taller {

bool is_shutdown_error(const boost::system::error_code& ec) {
  return ec == net::error::operation_aborted || ec == websocket::error::closed ||
         ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == beast::error::timeout;
}

bool is_client_error(const boost::system::error_code& ec) {
  return ec == websocket::condition::protocol_violation ||
         ec == websocket::condition::handshake_failed;
}

void debug_log(std::string_view what, std::string_view detail) {
  static const bool on = std::getenv("TALLER_DEBUG") != nullptr;
  if (on) std::cerr << "[debug] " << what << ": " << detail << '\n';
}

void fail(const boost::system::error_code& ec, const char* what) {
  if (is_shutdown_error(ec)) return;
  if (is_client_error(ec)) return debug_log(what, ec.message());
  std::cerr << "[error] " << what << ": " << ec.message() << '\n';
}

}  // namespace taller
