#include "p01/channel_hub.hpp"

#include <vector>

namespace p01 {

namespace {

// Copia las conexiones vivas antes de enviar: entregar puede cerrar una
// sesión y su destructor modifica el registro mientras lo recorremos.
std::vector<std::shared_ptr<subscriber>> alive(
    const std::unordered_map<std::uint64_t, std::weak_ptr<subscriber>>& m) {
  std::vector<std::shared_ptr<subscriber>> out;
  out.reserve(m.size());
  for (const auto& [id, weak] : m)
    if (auto sub = weak.lock()) out.push_back(std::move(sub));
  return out;
}

[[maybe_unused]] frame make_frame(std::string text) { return std::make_shared<const std::string>(std::move(text)); }

}  // namespace

void channel_hub::join(const client_info& who, std::uint64_t id, std::weak_ptr<subscriber> sub) {
  // TODO PASO 4 ▸ Registra la conexión en su canal
  //   channels_[canal][id] = sub, y suma uno a online_.
  (void)who; (void)id; (void)sub;
  // FIN PASO 4
  // TODO PASO 5 ▸ Avisa a los observadores de que alguien entró
  //   notify_watchers con make_activity("join", who, online_).
  // FIN PASO 5
}

void channel_hub::leave(const client_info& who, std::uint64_t id) {
  // TODO PASO 4 ▸ Da de baja la conexión
  //   Bórrala de su canal (si el canal queda vacío, borra el canal: el mapa
  //   no crece con canales abandonados) y resta uno a online_.
  (void)who; (void)id;
  return;
  // FIN PASO 4
  // TODO PASO 5 ▸ Avisa a los observadores de que alguien salió
  // FIN PASO 5
}

std::size_t channel_hub::broadcast(const std::string& channel, const frame& msg) {
  // TODO PASO 4 ▸ Entrega el mismo mensaje a todo el canal
  //   Busca el canal; con alive() copia sus conexiones vivas y llama a
  //   deliver(msg) en cada una (el mismo frame, sin copiar el texto).
  (void)channel; (void)msg;
  return 0;
  // FIN PASO 4
}

void channel_hub::watch(std::uint64_t id, std::weak_ptr<subscriber> sub) {
  // TODO PASO 5 ▸ Registra al observador y envíale la foto inicial
  //   Guárdalo en watchers_ y entrégale make_activity_snapshot(online_).
  (void)id; (void)sub;
  // FIN PASO 5
}

void channel_hub::unwatch(std::uint64_t id) { watchers_.erase(id); }

std::size_t channel_hub::channel_size(const std::string& channel) const {
  auto it = channels_.find(channel);
  return it == channels_.end() ? 0 : it->second.size();
}

void channel_hub::notify_watchers(const frame& msg) {
  for (const auto& sub : alive(watchers_)) sub->deliver(msg);
}

void channel_hub::shutdown_all() {
  // Primero se reúnen todas y después se cierran: cerrar no debe tocar los
  // mapas mientras se recorren.
  auto all = alive(watchers_);
  for (const auto& [name, m] : channels_) {
    auto subs = alive(m);
    all.insert(all.end(), subs.begin(), subs.end());
  }
  for (const auto& sub : all) sub->shutdown();
}

}  // namespace p01
