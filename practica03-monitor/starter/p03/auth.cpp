#include "p03/auth.hpp"

#include <cmath>

#include "p01/query.hpp"
#include "p01/routes.hpp"
#include "p03/jwt.hpp"
#include "taller/barrier.hpp"
#include "taller/http.hpp"
#include "taller/input.hpp"

namespace p03 {

namespace {

constexpr double token_lifetime_s = 3600;  // validez de un JWT de /auth/login

// El token de la petición: ?token= o la cabecera Authorization: Bearer.
std::string token_of(const request& req) {
  if (auto t = taller::query_param(req.target(), "token")) return *t;
  const std::string_view auth = req[http::field::authorization];
  if (auth.rfind("Bearer ", 0) == 0) return std::string(auth.substr(7));
  return {};
}

// Verifica un JWT con el secreto del servidor; las claims o el código del error.
jwt_result check_token(const std::string& secret, const request& req) {
  if (secret.empty()) return {std::nullopt, "auth_disabled"};
  return jwt_verify(token_of(req), secret, p02::epoch_seconds());
}

taller::response unauthorized(const request& req, std::string_view reason) {
  return taller::json_error(req, taller::errors::unauthorized, "token",
                            "se necesita un token válido (" + std::string(reason) + ")");
}

}  // namespace

std::optional<taller::response> gatekeeper::admit(const request& req, const std::string& channel,
                                                  const std::string& remote) const {
  // TODO PASO 8 ▸ Exige un token en los canales privados y aplica los límites
  //   Devuelve el rechazo, o nada si se admite, antes del upgrade. En orden: canal de
  //   private_channels_ sin token válido (check_token) → 401 (unauthorized, con el motivo);
  //   max_connections ya abiertas → 503 server_full "el servidor ya tiene N conexiones";
  //   max_per_address desde su IP (remote sin ":puerto") → 429 too_many_connections
  //   "demasiadas conexiones desde <ip>". Con un estado HTTP el cliente sabe por qué no entra.
  (void)req; (void)channel; (void)remote; (void)max_connections_; (void)max_per_address_;
  // FIN PASO 8
  return std::nullopt;
}

namespace {

// POST /auth/login: comprobar la contraseña (PBKDF2, ~0,1 s de CPU) no se
// hace en el hilo de red: va al trabajador y la respuesta vuelve con post.
void login(const state_ptr& st, net::thread_pool& worker, net::io_context& ioc, request&& req,
           http_session& s) {
  taller::response error;
  auto body = taller::parse_json_body(req, &error);
  if (!body) return s.send(std::move(error));
  if (st->config.jwt_secret.empty())
    return s.send(taller::json_error(req, taller::errors::auth_disabled, "",
                                     "la autenticación no está configurada (TALLER_JWT_SECRET)"));
  // Cada campo se comprueba antes de usarlo: {"username":123} es un 422, no una excepción.
  for (const char* field : {"username", "password"})
    if (!taller::text_member(*body, field))
      return s.send(taller::json_error(req, taller::errors::invalid_field, field,
                                       std::string(field) + " debe ser un texto"));
  const std::string user = *taller::text_member(*body, "username");
  const std::string password = *taller::text_member(*body, "password");
  std::string stored;
  for (const auto& u : st->config.users)
    if (u.username == user) stored = u.password_hash;
  auto session = s.shared_from_this();
  net::post(worker, [st, &ioc, session, req = std::move(req), user, password, stored]() mutable {
    bool ok = false;
    std::string token;
    // En un hilo del trabajador una excepción terminaría el proceso: la barrera.
    const bool done = taller::shielded("POST /auth/login (trabajador)", [&] {
      // TODO PASO 8 ▸ Comprueba la contraseña y firma un JWT
      //   Corre en el trabajador porque PBKDF2 es lento a propósito. ok queda true solo si hay
      //   hash guardado y verify_password lo acepta; entonces token es un JWT (jwt_sign, secreto de
      //   la configuración) con "sub" el usuario, "iat" la hora en segundos enteros y "exp" iat
      //   más token_lifetime_s. Si no, ok false y sin token: la respuesta de después da el 401.
      (void)password; (void)stored; (void)st;
      // FIN PASO 8
    });
    // La respuesta se envía en el hilo de red, como todo lo de la sesión.
    auto reply = [session, req = std::move(req), done, ok, token, user] {
      if (!done)
        return session->send(taller::json_error(req, taller::errors::internal_error, "",
                                                "error interno del servidor al atender el login"));
      if (!ok)
        return session->send(taller::json_error(req, taller::errors::invalid_credentials,
                                                "password", "usuario o contraseña incorrectos"));
      session->send(taller::json_response(req, http::status::ok,
                                          {{"access_token", token},
                                           {"token_type", "bearer"},
                                           {"expires_in", token_lifetime_s},
                                           {"username", user}}));
    };
    net::post(ioc, taller::guard("POST /auth/login (respuesta)", std::move(reply)));
  });
}

}  // namespace

taller::route_handler login_route(const state_ptr& st, net::thread_pool& worker,
                                  net::io_context& ioc) {
  return [st, &worker, &ioc](request&& req, const route_params&, http_session& s) {
    login(st, worker, ioc, std::move(req), s);
  };
}

namespace {

// Lo que la 03 da a cada WebSocket al crearlo: su gestor de canales, que observa
// la conexión (y avisa al monitor) y reparte su difusión por los dos transportes. La
// sesión guarda el gestor, que apunta a los registros del estado de la 02: no
// queda colgando porque las sesiones mueren con el io_context, y server::impl
// lo destruye (http) antes que los estados (base, state).
taller::connection_links links(const state_ptr& st) { return {st->channels, st->channels}; }

}  // namespace

// GET /ws?channel=&user_id=: lo de la 01, con la admisión antes del upgrade. Un
// canal inválido (400) o una petición sin upgrade (426) los responde la 01.
void chat_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  const p01::ws_params p = p01::parse_ws_params(req.target());
  if (!p.ok()) return p01::upgrade_chat(st->base->ws, std::move(req), s, links(st));
  if (websocket::is_upgrade(req))
    if (auto refusal = st->gate->admit(req, p.channel, s.remote_address()))
      return s.send(std::move(*refusal));
  p01::upgrade_to_channel(st->base->ws, std::move(req), s, p.channel, p.user_id, links(st));
}

// GET /ws/activity: los observadores cuentan como cualquier conexión para los límites.
void activity_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  if (websocket::is_upgrade(req))
    if (auto refusal = st->gate->admit(req, "", s.remote_address()))
      return s.send(std::move(*refusal));
  p01::upgrade_activity(st->base->ws, std::move(req), s, links(st));
}

// GET /ws/secure?channel=&token=: solo con un token válido (si no, 401 antes del upgrade).
void secure_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  const std::string channel = taller::query_param(req.target(), "channel").value_or("general");
  if (!p01::is_valid_channel(channel))
    return s.send(taller::json_error(req, taller::errors::invalid_parameter, "channel",
                                     "el canal debe tener de 1 a 64 caracteres de [A-Za-z0-9_-]"));
  const jwt_result r = check_token(st->config.jwt_secret, req);
  if (!r.claims) return s.send(unauthorized(req, r.error));
  if (auto refusal = st->gate->admit(req, channel, s.remote_address()))
    return s.send(std::move(*refusal));
  p01::upgrade_to_channel(st->base->ws, std::move(req), s, channel, r.subject, links(st));
}

// GET /ws/dashboard: el canal del panel, con la misma admisión que los demás.
void dashboard_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s) {
  if (auto refusal = st->gate->admit(req, "dashboard", s.remote_address()))
    return s.send(std::move(*refusal));
  p01::upgrade_to_channel(st->base->ws, std::move(req), s, "dashboard", "", links(st));
}

}  // namespace p03
