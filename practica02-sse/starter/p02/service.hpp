// Las piezas del servicio de la práctica 02, para este servidor y para los de
// las prácticas siguientes, que las incluyen: el estado compartido, las rutas
// SSE/API y las tareas de fondo (muestreo, heartbeat, cotizaciones).
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "p01/server_state.hpp"
#include "p02/server.hpp"
#include "p02/sse_envelope.hpp"
#include "p02/sse_hub.hpp"
#include "taller/http.hpp"
#include "taller/router.hpp"
#include "taller/static_files.hpp"

namespace p02 {

// Lo que una práctica posterior enchufa a la 02 al construir su estado. Vacío
// (en la 02), lo publicado va a los flujos SSE, se admiten todos los flujos y
// nadie los observa. La práctica 03 pone aquí su gestor de canales (que publica
// por los dos transportes y observa cada flujo) y su admisión (tokens y límites).
struct stream_links {
  std::shared_ptr<taller::publisher> publisher;
  std::shared_ptr<const taller::admission> admission;
  std::shared_ptr<taller::connection_observer> observer;
};

// Construye los enlaces cuando ya existen los registros de los dos transportes,
// que el estado contiene (el gestor de la 03 los necesita).
using link_builder = std::function<stream_links(p01::channel_hub& websockets, sse_hub& streams)>;

// Estado compartido por las rutas y los flujos (solo desde el hilo de red).
struct server_state {
  explicit server_state(server_options o, const link_builder& build = {});

  server_options options;
  sse_hub hub;
  std::shared_ptr<p01::server_state> ws;  // /ws y /ws/activity de la práctica 01
  const stream_links links;               // fijos desde la construcción
  taller::static_files files;
  nlohmann::json latest_metrics;  // la última muestra (null hasta la primera)
  // La forma de los prototipos para sus rutas (sse_envelope.hpp): una para
  // /sse/trading, /sse/logs y /sse/notifications/{id}; otra para /sse/metrics,
  // que además entrega la muestra como system_metrics plana.
  std::shared_ptr<envelope_writer> envelope = std::make_shared<envelope_writer>();
  std::shared_ptr<envelope_writer> system_metrics =
      std::make_shared<envelope_writer>([](std::string event, nlohmann::json data) {
        if (event != "metrics") return std::pair{std::move(event), std::move(data)};
        return std::pair{std::string("system_metrics"), flat_system_metrics(data)};
      });
  std::uint64_t last_request = 0;
  std::uint64_t last_notification = 0;  // para el id "notif_N" de cada notificación

  // Publica lo de la API, los registros y las tareas de fondo: en un canal, o
  // a todas las conexiones de un usuario. Pasa por links.publisher si lo hay
  // (en la 03, llega también a los WebSocket) y, si no, por hub.
  std::size_t publish(const std::string& channel, std::string_view event,
                      const nlohmann::json& data) {
    return out().publish(channel, event, data);
  }
  std::size_t notify(const std::string& user_id, std::string_view event,
                     const nlohmann::json& data) {
    return out().notify_user(user_id, event, data);
  }

  // Un registro del servidor: a stderr y como evento log_entry en /sse/logs.
  void log(std::string_view level, std::string_view service, std::string_view message,
           std::string_view request_id = "");
  std::string next_request_id() { return "r" + std::to_string(++last_request); }

 private:
  taller::publisher& out() { return links.publisher ? *links.publisher : hub; }
};

// Carga en state.files la página de prueba de la práctica 02 (static/index.html).
void load_test_page(server_state& state);

// Las rutas SSE y de la API de la práctica 02 (sin "/" ni "/cliente").
void add_sse_routes(taller::router& routes, const std::shared_ptr<server_state>& state);

// Las tareas periódicas: muestreo de métricas (en un hilo trabajador),
// heartbeat y cotizaciones simuladas. Usan el io_context del servidor.
class background_tasks {
 public:
  background_tasks(net::io_context& ioc, std::shared_ptr<server_state> state);
  ~background_tasks();
  // Toma la primera muestra (la referencia) y programa los temporizadores.
  void start();
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace p02
