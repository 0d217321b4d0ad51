#include "p01/channel_hub.hpp"

#include "taller/input.hpp"

#include <vector>

namespace p01 {

using taller::alive;

void channel_hub::join(const client_info& who, std::uint64_t id, std::weak_ptr<subscriber> sub) {
  // TODO PASO 4 ▸ Registra la conexión en su canal
  //   Tras el alta, la conexión id está en el canal who.channel (que se crea si no existía)
  //   y online() cuenta una más. Se guarda el weak_ptr, nunca un shared_ptr: el registro no
  //   debe alargar la vida de la sesión. broadcast y el apagado con 1001 solo llegan a quien
  //   esté registrado aquí.
  (void)who; (void)id; (void)sub;
  // FIN PASO 4
  // TODO PASO 5 ▸ Avisa a los observadores de que alguien entró
  //   Cada observador de /ws/activity recibe un aviso event "join" con el canal y el user_id
  //   de quien entra y un online que ya cuenta el alta (por eso va después del Paso 4). El
  //   aviso es el mismo para todos: se construye una vez y se comparte (notify_watchers).
  // FIN PASO 5
}

void channel_hub::leave(const client_info& who, std::uint64_t id) {
  // TODO PASO 4 ▸ Da de baja la conexión
  //   Tras la baja, la conexión ya no está en su canal, un canal que queda vacío se borra del
  //   mapa (si no, channel_count() crecería con cada canal abandonado) y online() cuenta una
  //   menos. Un id que no estaba no cambia nada y sale sin llegar al aviso del Paso 5: no se
  //   anuncia una baja que no ocurrió. El return; del starter sobra cuando esto funcione.
  (void)who; (void)id;
  return;
  // FIN PASO 4
  // TODO PASO 5 ▸ Avisa a los observadores de que alguien salió
  // FIN PASO 5
}

std::size_t channel_hub::broadcast(const std::string& channel, const frame& msg) {
  // TODO PASO 4 ▸ Entrega el mismo mensaje a todo el canal
  //   Cada conexión viva del canal recibe exactamente este msg (el mismo puntero: el texto se
  //   construyó una vez y lo comparten todas las colas) y ninguna de otro canal lo ve. Devuelve
  //   a cuántas se entregó; un canal inexistente o sin nadie da 0. Entregar puede cerrar una
  //   sesión y borrarla del mapa: recorre una copia de las vivas (el ayudante alive()).
  (void)channel; (void)msg;
  return 0;
  // FIN PASO 4
}

std::size_t channel_hub::broadcast_message(const std::string& channel,
                                           const nlohmann::ordered_json& msg) {
  return broadcast(channel, make_frame(taller::to_text(msg)));
}

void channel_hub::watch(std::uint64_t id, std::weak_ptr<subscriber> sub) {
  // TODO PASO 5 ▸ Registra al observador y envíale la foto inicial
  //   Nada más llegar, el observador recibe la foto event "snapshot" con el online actual
  //   (make_activity_snapshot) y queda en watchers_ para los join y leave siguientes. Llega
  //   como weak_ptr: si la sesión ya no vive, no hay a quién entregar la foto, y el registro
  //   no debe mantenerla viva.
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
