// Estado compartido por todas las sesiones de un servidor. Cada sesión guarda
// un shared_ptr: el estado vive mientras quede alguna conexión.
#pragma once
#include <chrono>
#include <cstdint>

#include "p01/channel_hub.hpp"
#include "p01/server.hpp"
#include "taller/static_files.hpp"
#include "taller/subscriber.hpp"

namespace p01 {

struct server_state {
  explicit server_state(server_options o) : options(std::move(o)) {}

  server_options options;
  channel_hub hub;
  taller::static_files files;
  std::uint64_t last_connection_id = 0;
  bool stopping = false;  // true desde stop(): ya no se encolan mensajes
};

}  // namespace p01
