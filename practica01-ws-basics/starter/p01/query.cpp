#include "p01/query.hpp"

#include "taller/url.hpp"

namespace p01 {

bool is_valid_channel(std::string_view channel) {
  // TODO PASO 3 ▸ Valida el nombre del canal
  //   Entre 1 y 64 caracteres, solo letras ASCII, dígitos, '_' y '-'.
  (void)channel;
  return true;
  // FIN PASO 3
}

ws_params parse_ws_params(std::string_view target) {
  ws_params p;
  if (auto channel = taller::query_param(target, "channel")) p.channel = *channel;
  if (auto user = taller::query_param(target, "user_id")) p.user_id = *user;
  if (!is_valid_channel(p.channel)) {
    p.error_field = "channel";
    p.error_message = "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]";
  } else if (p.user_id.size() > 64) {
    p.error_field = "user_id";
    p.error_message = "user_id no puede pasar de 64 caracteres";
  }
  return p;
}

}  // namespace p01
