#include "p02/sse_hub.hpp"

#include <algorithm>
#include <set>

#include "p02/sse_format.hpp"
#include "taller/input.hpp"

namespace p02 {

using taller::deliver_to;
using taller::make_frame;
using taller::to_text;

namespace {

// Quita un id de un índice (canal o usuario) y borra la entrada si queda vacía.
void erase_from(std::unordered_map<std::string, taller::members>& index, const std::string& key,
                std::uint64_t id) {
  auto it = index.find(key);
  if (it == index.end()) return;
  it->second.erase(id);
  if (it->second.empty()) index.erase(it);
}

}  // namespace

std::uint64_t first_id_from_clock(double epoch_seconds) {
  // TODO PASO 6 ▸ Elige el primer id de esta ejecución
  //   Un cliente que vuelve tras un reinicio trae un Last-Event-ID de la ejecución anterior: si
  //   los ids volvieran a empezar en 1, recibiría ids repetidos y se saltaría eventos sin saberlo.
  //   Devuelve los milisegundos de epoch_seconds × 1000, más 1 (nunca 0): crece entre reinicios
  //   mientras no salgan más de mil eventos por milisegundo, y cabe en un Number de JavaScript.
  //   Una hora negativa (un reloj roto) cuenta como 0.
  (void)epoch_seconds;
  return 1;
  // FIN PASO 6
}

sse_hub::sse_hub(std::size_t replay_capacity, std::uint64_t first_id, std::size_t max_idle_channels)
    : replay_capacity_(replay_capacity),
      max_idle_channels_(max_idle_channels),
      last_id_(first_id - 1),
      first_id_(first_id) {}

std::uint64_t sse_hub::subscribe(const std::string& channel, const std::string& user_id,
                                 std::weak_ptr<subscriber> sub) {
  const std::uint64_t id = ++last_subscription_;
  // TODO PASO 4 ▸ Registra el flujo en su canal
  //   Tras el alta, la suscripción id está en streams_ (con su canal, su usuario y su
  //   weak_ptr: unsubscribe y /sse/stats salen de ahí) y, si tiene canal, en channels_ de ese
  //   canal, donde publish la encuentra. Canal vacío = solo notificaciones: no entra en ningún
  //   canal. Solo weak_ptr: el registro no mantiene viva ninguna sesión.
  (void)channel;
  // FIN PASO 4
  // TODO PASO 5 ▸ Registra el flujo en el índice de su usuario
  //   Si el flujo tiene user_id, queda también en el índice users_ de esa persona (usuario →
  //   sus flujos, en cualquier canal): así notify_user llega a todas sus pestañas sin recorrer
  //   todos los flujos. Un flujo anónimo no entra en users_.
  (void)user_id; (void)sub;
  // FIN PASO 5
  return id;
}

void sse_hub::unsubscribe(std::uint64_t subscription) {
  auto it = streams_.find(subscription);
  if (it == streams_.end()) return;
  if (!it->second.channel.empty()) erase_from(channels_, it->second.channel, subscription);
  if (!it->second.user_id.empty()) erase_from(users_, it->second.user_id, subscription);
  streams_.erase(it);
  forget_idle_buffers();
}

std::size_t sse_hub::publish(const std::string& channel, std::string_view event,
                             const nlohmann::json& data) {
  // TODO PASO 4 ▸ Publica un evento en un canal
  //   Cada publicación recibe un id nuevo (next_id(), global y creciente) y se formatea una sola
  //   vez (format_event del to_text(data)); ese mismo frame se guarda para repetirlo (remember,
  //   Paso 6) y llega a cada flujo vivo del canal: N clientes no cuestan N copias. Devuelve a
  //   cuántos llegó; un canal sin flujos da 0, pero el evento se guarda igual.
  (void)channel; (void)event; (void)data;
  return 0;
  // FIN PASO 4
}

std::size_t sse_hub::notify_user(const std::string& user_id, std::string_view event,
                                 const nlohmann::json& data) {
  // TODO PASO 5 ▸ Entrega una notificación solo a los flujos de un usuario
  //   El evento llega a todos los flujos vivos de ese user_id, en cualquier canal, y devuelve a
  //   cuántos (0 si no tiene ninguno). Pide el id con next_id() aunque no haya nadie, para que
  //   los ids sigan creciendo, y no lo guardes para repetir: las notificaciones son personales.
  (void)user_id; (void)event; (void)data;
  return 0;
  // FIN PASO 5
}

// Todos los flujos vivos, copiados: entregar o cerrar puede modificar streams_.
std::vector<std::shared_ptr<subscriber>> sse_hub::alive_streams() const {
  std::vector<std::shared_ptr<subscriber>> alive;
  alive.reserve(streams_.size());
  for (const auto& [id, s] : streams_)
    if (auto sub = s.sub.lock()) alive.push_back(std::move(sub));
  return alive;
}

void sse_hub::broadcast_comment(const frame& comment) {
  for (const auto& sub : alive_streams()) sub->deliver(comment);
}

void sse_hub::remember(const std::string& channel, std::uint64_t id, const frame& f) {
  // TODO PASO 6 ▸ Guarda el evento en el búfer de repetición del canal
  //   Tras guardarlo, el búfer del canal tiene como mucho replay_capacity_ eventos, los más
  //   recientes y en orden de id: la memoria por canal no crece sin fin. evicted_upto recuerda
  //   el id más alto que ya salió, para que replay sepa si faltan eventos. Termina con
  //   forget_idle_buffers(), que acota los búferes de canales sin flujos.
  (void)channel; (void)id; (void)f;
  // FIN PASO 6
}

replay_result sse_hub::replay(const std::string& channel, std::uint64_t last_id) const {
  replay_result out;
  // TODO PASO 6 ▸ Repite los eventos del canal posteriores a last_id
  //   Devuelve, en orden, los eventos guardados del canal con id estrictamente mayor que
  //   last_id: ese ya lo tiene el cliente, repetirlo sería un duplicado. reset es true cuando
  //   no se puede repetir exactamente lo perdido y el cliente debe recargar su estado: last_id
  //   es de una ejecución anterior (menor que first_id_), nunca salió (mayor que last_id_) o es
  //   menor que evicted_upto del canal (esos eventos ya no están). Un canal sin búfer no
  //   repite nada.
  (void)channel; (void)last_id;
  // FIN PASO 6
  return out;
}

std::size_t sse_hub::total_connections() const {
  std::set<std::weak_ptr<subscriber>, std::owner_less<>> distinct;
  for (const auto& [id, s] : streams_) distinct.insert(s.sub);
  return distinct.size();
}

const stored_event* sse_hub::latest(const std::string& channel) const {
  auto it = buffers_.find(channel);
  return it == buffers_.end() || it->second.events.empty() ? nullptr : &it->second.events.back();
}

// Los búferes de canales sin flujos se conservan (alguien puede volver con
// Last-Event-ID), pero como mucho max_idle_channels_: así un cliente que
// publica en miles de canales distintos no hace crecer la memoria sin límite.
void sse_hub::forget_idle_buffers() {
  if (buffers_.size() <= max_idle_channels_ + channels_.size()) return;
  for (auto it = buffers_.begin(); it != buffers_.end();) {
    if (buffers_.size() <= max_idle_channels_ + channels_.size()) break;
    it = channels_.count(it->first) ? std::next(it) : buffers_.erase(it);
  }
}

nlohmann::json sse_hub::channels_json() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, ids] : channels_) out[name] = ids.size();
  return out;
}

void sse_hub::shutdown_all() {
  for (const auto& sub : alive_streams()) sub->shutdown();
}

}  // namespace p02
