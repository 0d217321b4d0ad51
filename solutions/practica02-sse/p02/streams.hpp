// Abrir un flujo SSE: la respuesta que no termina, con su saludo, la
// repetición de lo perdido (Last-Event-ID) y su alta en el registro.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "p02/service.hpp"
#include "taller/router.hpp"

namespace p02 {

// Abre un flujo SSE de los canales dados (varios: ?channel=metrics,alerts; ninguno:
// solo las notificaciones de user_id). Un navegador abre como mucho 6 conexiones
// HTTP/1.1 por servidor, compartidas entre pestañas: cada flujo cuenta.
// envelope: la forma de los prototipos (sse_envelope.hpp) o nullptr, eventos con nombre.
void open_stream(const std::shared_ptr<server_state>& state, taller::request&& req,
                 taller::http_session& session, const std::vector<std::string>& channels,
                 const std::string& user_id, std::shared_ptr<envelope_writer> envelope = nullptr);

// Un flujo fijo a un canal del servidor (/metrics/stream, /sse/logs, /sse/trading).
taller::route_handler fixed_stream(const std::shared_ptr<server_state>& state, std::string channel,
                                   std::shared_ptr<envelope_writer> envelope = nullptr);

}  // namespace p02
