#include "taller/fail.hpp"

#include <iostream>

#include "taller/net.hpp"

namespace taller {

bool is_shutdown_error(const boost::system::error_code& ec) {
  return ec == net::error::operation_aborted || ec == websocket::error::closed ||
         ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == beast::error::timeout;
}

void fail(const boost::system::error_code& ec, const char* what) {
  if (is_shutdown_error(ec)) return;
  std::cerr << "[error] " << what << ": " << ec.message() << '\n';
}

}  // namespace taller
