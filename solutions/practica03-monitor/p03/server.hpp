// El servidor de la práctica 03: todo lo de las prácticas 01 y 02 (WebSocket y
// SSE) como un solo servicio monitorizado, con alertas, API REST, /metrics,
// eventos de entidad y autenticación. API sin Beast.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "p02/server.hpp"

namespace taller {
class router;
}

namespace p03 {

struct server_options {
  p02::server_options base;  // dirección, puerto, intervalos de la 02…
  std::string config_path;   // --config monitor.json ("" = por omisión)
  std::chrono::milliseconds history_interval{1000};
  std::chrono::milliseconds alert_interval{5000};
  std::chrono::milliseconds dashboard_interval{5000};
  bool demo = false;  // usuario demo/demo y secreto aleatorio si no hay TALLER_JWT_SECRET
  // Pings de WebSocket; sin valor, los de WEBSOCKET_PING_INTERVAL/TIMEOUT o el archivo.
  std::optional<int> ping_interval_s, ping_timeout_s;
  // Variables de entorno (las pruebas pasan las suyas).
  std::function<std::optional<std::string>(const std::string&)> env;
  // Rutas que van delante de las de la práctica 03 (ganan si coinciden):
  // la práctica 04 pone aquí el panel.
  std::function<void(taller::router&)> extra_routes;
};

class server {
 public:
  // Lanza std::runtime_error si la configuración no es válida.
  explicit server(server_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  unsigned short start();
  void run();
  void stop();
  void stop_on_signals();
  unsigned short port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace p03
