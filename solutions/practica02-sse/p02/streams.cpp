#include "p02/streams.hpp"

#include <algorithm>
#include <charconv>

#include "p02/sse_format.hpp"
#include "p02/sse_session.hpp"
#include "taller/clock.hpp"
#include "taller/http_session.hpp"
#include "taller/url.hpp"

namespace p02 {

using json = nlohmann::json;
using taller::http_session;
using taller::request;

namespace {

// Last-Event-ID de la cabecera o, si no, del parámetro last_event_id (un
// EventSource no puede poner cabeceras en la primera conexión).
std::optional<std::uint64_t> last_event_id(const request& req) {
  std::string text(req["Last-Event-ID"]);
  if (text.empty()) text = taller::query_param(req.target(), "last_event_id").value_or("");
  std::uint64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return id;
}

// HEAD de un flujo: sus cabeceras, sin abrirlo.
taller::response stream_head(const request& req) {
  taller::response res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.keep_alive(req.keep_alive());
  return res;
}

// Lo que el cliente se perdió desde last, de todos sus canales y en orden de id,
// precedido de un "reset" por cada canal cuyo búfer ya no llega tan atrás.
void add_missed(sse_hub& hub, const std::vector<std::string>& channels, std::uint64_t last,
                sse_session::opening& first) {
  std::vector<stored_event> missed;
  for (const auto& c : channels) {
    replay_result r = hub.replay(c, last);
    if (r.reset)
      first.push_back(taller::make_frame(format_event(
          hub.next_id(), "reset",
          json{{"channel", c},
               {"last_event_id", last},
               {"message", "algunos eventos ya no están en el búfer: recarga el estado"}}
              .dump())));
    missed.insert(missed.end(), r.events.begin(), r.events.end());
  }
  std::stable_sort(missed.begin(), missed.end(),
                   [](const stored_event& a, const stored_event& b) { return a.id < b.id; });
  for (auto& e : missed) first.push_back(std::move(e.text));
}

// Práctica 03: canales privados y límites, canal a canal. La negativa, si la hay.
std::optional<taller::response> refusal(const server_state& state, const request& req,
                                        const std::vector<std::string>& channels,
                                        const std::string& remote) {
  const auto& gate = state.links.admission;
  if (!gate) return std::nullopt;
  for (const auto& c : channels.empty() ? std::vector<std::string>{""} : channels)
    if (auto refused = gate->admit(req, c, remote)) return refused;
  return std::nullopt;
}

}  // namespace

// Abre un flujo SSE: da de alta la suscripción y envía, en orden, "connected",
// "reset" si hace falta, los eventos que el cliente se perdió y después lo nuevo.
void open_stream(const std::shared_ptr<server_state>& state, request&& req, http_session& session,
                 const std::vector<std::string>& channels, const std::string& user_id,
                 std::shared_ptr<envelope_writer> envelope) {
  if (req.method() == http::verb::head) return session.send(stream_head(req));
  const std::string channel = taller::channel_list(channels);  // "metrics,alerts", como lo pidió
  auto& hub = state->hub;
  sse_session::opening first;
  json connected = json::object();
  // PASO 5 ▸ Saluda al flujo con el evento "connected"
  //   connected es lo primero que recibe todo flujo: un objeto con channel (los canales tal
  //   como los pidió, "metrics,alerts") y user_id, cada uno null si está vacío (channel lo
  //   está en /sse/notifications), timestamp (taller::iso_now()) y message "conectado al
  //   flujo de eventos". Así el cliente sabe a qué quedó suscrito antes de que llegue nada.
  connected = {{"channel", channel.empty() ? json(nullptr) : json(channel)},
               {"user_id", user_id.empty() ? json(nullptr) : json(user_id)},
               {"timestamp", taller::iso_now()},
               {"message", "conectado al flujo de eventos"}};
  // FIN PASO 5
  first.push_back(taller::make_frame(format_event(hub.next_id(), "connected", connected.dump())));
  if (auto last = last_event_id(req)) {
    add_missed(hub, channels, *last, first);
  } else if (std::count(channels.begin(), channels.end(), "metrics")) {
    // Las métricas son un estado: quien llega ve la última muestra sin esperar
    // al siguiente intervalo (con su id de siempre, no es un evento nuevo).
    if (const stored_event* e = hub.latest("metrics")) first.push_back(e->text);
  }
  if (auto refused = refusal(*state, req, channels, session.remote_address()))
    return session.send(std::move(*refused));
  // El flujo se da de alta él mismo en el registro (en run) y de baja al
  // destruirse; el shared_ptr con alias mantiene vivo el estado que lo contiene.
  auto stream = std::make_shared<sse_session>(
      session.release_socket(),
      sse_session::options{state->options.max_queue, state->options.retry, std::move(envelope),
                           state->options.direct_writes},
      std::shared_ptr<sse_hub>(state, &state->hub), state->links.observer);
  stream->run(req, std::move(first), {channels, user_id});
}

taller::route_handler fixed_stream(const std::shared_ptr<server_state>& state, std::string channel,
                                   std::shared_ptr<envelope_writer> envelope) {
  return [state, channel, envelope](request&& req, const taller::route_params&, http_session& s) {
    open_stream(state, std::move(req), s, {channel}, "", envelope);
  };
}

}  // namespace p02
