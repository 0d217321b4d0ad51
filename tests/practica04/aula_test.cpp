// La carga de una clase: 60 paneles abiertos a la vez contra un servidor, cada
// uno con lo que abre la página (GET /, el EventSource de métricas, alertas y
// registro, y el WebSocket de actividad), sin navegadores. Cada panel debe
// recibir cada muestra de 1 s y cada entrada y salida de un usuario.
#include <memory>
#include <vector>

#include "servidor_de_prueba.hpp"

namespace p04::testing {
namespace {

constexpr int dashboards = 60;
constexpr int samples = 5;  // muestras seguidas que deben llegar a todos
constexpr int visits = 3;   // usuarios que entran y salen mientras tanto
const char* const panel_stream = "/sse/events?channel=metrics,alerts,logs";

TEST(Paso1_Aula, SesentaPanelesRecibenCadaActualizacion) {
  // Todos desde 127.0.0.1: se sube el límite por dirección de la práctica 03.
  running_server s(test_options({{"TALLER_MAX_PER_ADDRESS", "1000"}}, std::chrono::seconds(1)));
  std::vector<std::unique_ptr<sse_client>> streams;
  std::vector<std::unique_ptr<ws_client>> activity;
  for (int i = 0; i < dashboards; ++i) {
    auto page = s.http().Get("/");
    ASSERT_TRUE(page && page->status == 200 &&
                page->body.find("data-testid=\"cpu-value\"") != std::string::npos)
        << "Paso 1: el panel " << i << " no pudo cargar la página GET /";
    streams.push_back(std::make_unique<sse_client>());
    ASSERT_TRUE(streams.back()->open(s.port(), panel_stream))
        << "Paso 1: el panel " << i << " debe poder abrir el flujo " << panel_stream
        << "; no respondió";
    activity.push_back(std::make_unique<ws_client>());
    ASSERT_TRUE(activity.back()->connect(s.port(), "/ws/activity"))
        << "Paso 1: el panel " << i << " debe poder conectar a /ws/activity: "
        << activity.back()->error();
    ASSERT_TRUE(activity.back()->read_until_type("activity", 5s))
        << "Paso 1: /ws/activity debe enviar al panel " << i << " su estado inicial (activity) "
        << "en 5 s; no llegó: " << activity.back()->error();
  }

  // Las muestras que ve el primer panel; los demás deben ver las mismas, en orden.
  auto next_metrics_id = [](sse_client& c) -> std::string {
    auto m = c.next_of("metrics", 5s);
    return m ? m->id : "";
  };
  std::vector<std::string> ids;
  std::string first_id = next_metrics_id(*streams[0]);
  ASSERT_FALSE(first_id.empty())
      << "Paso 1: el primer panel debe recibir una muestra metrics; no llegó ninguna en 5 s";
  for (int i = 0; i < samples; ++i) {
    ids.push_back(next_metrics_id(*streams[0]));
    ASSERT_FALSE(ids.back().empty())
        << "Paso 1: el primer panel debe recibir " << samples
        << " muestras seguidas; dejó de recibirlas tras " << i;
  }
  for (int d = 1; d < dashboards; ++d) {
    std::string id;
    do {  // lo anterior a la primera muestra de referencia se salta
      id = next_metrics_id(*streams[d]);
    } while (!id.empty() && id != ids[0] && std::stoull(id) < std::stoull(ids[0]));
    for (int i = 0; i < samples; ++i) {
      ASSERT_EQ(id, ids[i]) << "Paso 1: el panel " << d << " debía recibir la muestra " << ids[i]
                            << " (la " << i + 1 << " de " << samples
                            << "); llegó \"" << id << "\" (\"\" = nada en 5 s)";
      if (i + 1 < samples) id = next_metrics_id(*streams[d]);
    }
  }

  // Usuarios que entran y salen: cada panel ve cada entrada y cada salida.
  auto everyone_sees = [&](const std::string& event, const std::string& user) {
    for (int d = 0; d < dashboards; ++d) {
      std::optional<json> seen;
      do {
        seen = activity[d]->read_until_type("activity", 5s);
      } while (seen && !(seen->value("event", "") == event && seen->value("user_id", "") == user));
      ASSERT_TRUE(seen) << "Paso 1: el panel " << d << " debía ver en /ws/activity el " << event
                        << " de " << user << "; no llegó en 5 s";
    }
  };
  for (int v = 0; v < visits; ++v) {
    const std::string user = "visita-" + std::to_string(v);
    ws_client visitor;
    ASSERT_TRUE(visitor.connect(s.port(), "/ws?channel=general&user_id=" + user))
        << "Paso 1: " << user << " debe poder conectar a /ws?channel=general: "
        << visitor.error();
    ASSERT_NO_FATAL_FAILURE(everyone_sees("join", user))
        << "Paso 1: los " << dashboards << " paneles deben ver la entrada (join) de " << user;
    visitor.close();
    ASSERT_NO_FATAL_FAILURE(everyone_sees("leave", user))
        << "Paso 1: los " << dashboards << " paneles deben ver la salida (leave) de " << user;
  }
}

}  // namespace
}  // namespace p04::testing
