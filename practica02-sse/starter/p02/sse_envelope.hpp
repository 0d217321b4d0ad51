// La forma de los flujos de los prototipos (practica37): sus páginas leen con
// source.onmessage, que solo recibe eventos SIN nombre, y miran data.event y
// data.data. Nuestros flujos usan eventos con nombre ("event: price_update"),
// que se escuchan con addEventListener. Las rutas de los prototipos
// (/sse/trading, /sse/logs, /sse/notifications/{id}, /sse/metrics) escriben
// cada evento como
//
//   id: 7
//   data: {"data":{…},"event":"price_update"}
//
// El registro (sse_hub) sigue construyendo un solo frame por evento; un
// envelope_writer lo traduce una vez y lo comparten todos los flujos con esa
// forma (recuerda la última traducción: el registro entrega el mismo frame a
// todos los flujos seguidos).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "p02/sse_hub.hpp"

namespace p02 {

// Cambia el nombre y el contenido de un evento al traducirlo (para
// /sse/metrics: la muestra "metrics" se entrega como "system_metrics", plana).
using event_mapper =
    std::function<std::pair<std::string, nlohmann::json>(std::string event, nlohmann::json data)>;

// Un evento con nombre en la forma de los prototipos; nullopt si text no es un
// evento con nombre (la cabecera HTTP, retry, un comentario): va tal cual.
// Un data que no es JSON viaja como texto JSON.
std::optional<std::string> to_envelope(std::string_view text, const event_mapper& map = {});

class envelope_writer {
 public:
  explicit envelope_writer(event_mapper map = {}) : map_(std::move(map)) {}
  // El frame en la forma de los prototipos (el mismo si no es un evento).
  frame convert(const frame& named);

 private:
  event_mapper map_;
  frame last_in_,
      last_out_;  // la última traducción (last_in_ sigue vivo: no se reutiliza su dirección)
};

// La muestra de métricas (metrics_collector::sample) con los campos planos del
// evento system_metrics de los prototipos: cpu_percent, memory_percent,
// memory_used_gb, memory_total_gb, disk_percent, disk_free_gb y timestamp ISO.
nlohmann::json flat_system_metrics(const nlohmann::json& sample);

}  // namespace p02
