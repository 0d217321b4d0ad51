// Quién entra (Paso 8): POST /auth/login y las rutas WebSocket del servidor: las
// de la 01 (/ws, /ws/activity) con la admisión (st->gate, gatekeeper::admit,
// definida en auth.cpp) delante, y las que piden algo más (/ws/secure, /ws/dashboard).
#pragma once
#include "p03/monitor_state.hpp"
#include "taller/net.hpp"

namespace p03 {

// POST /auth/login: la contraseña se comprueba en worker; la respuesta vuelve a ioc.
taller::route_handler login_route(const state_ptr& st, net::thread_pool& worker,
                                  net::io_context& ioc);

// GET /ws y GET /ws/activity de la 01, con admit delante.
void chat_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s);
void activity_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s);

// GET /ws/secure?channel=&token= y GET /ws/dashboard (forma monitor_handler).
void secure_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s);
void dashboard_websocket(const state_ptr& st, request&& req, const route_params&, http_session& s);

}  // namespace p03
