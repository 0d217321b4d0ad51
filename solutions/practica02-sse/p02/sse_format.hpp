// El formato text/event-stream (WHATWG HTML §9.2): construir eventos,
// comentarios y la línea retry. Funciones puras.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace p02 {

// "id: 7\nevent: broadcast\ndata: línea 1\ndata: línea 2\n\n"
// Una línea data: por cada línea del contenido (\n, \r\n o \r la separan).
std::string format_event(std::uint64_t id, std::string_view event, std::string_view data);

// ": heartbeat 2026-…\n\n" — una línea de comentario: el cliente la ignora,
// pero mantiene viva la conexión a través de proxies.
std::string format_comment(std::string_view text);

// "retry: 3000\n\n" — cuánto espera el cliente antes de reconectar.
std::string format_retry(std::chrono::milliseconds delay);

}  // namespace p02
