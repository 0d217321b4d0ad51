// Los manejadores de la API REST y de /metrics (Paso 6). Cada uno tiene la
// forma monitor_handler; la tabla de rutas de server.cpp los registra.
#pragma once
#include "p03/monitor_state.hpp"

namespace p03 {

void api_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_history(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_channel(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void api_connections(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_alerts(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_rules(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_update_rule(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void api_ws_stats(const state_ptr& st, request&& req, const route_params&, http_session& s);
void api_ws_channel_stats(const state_ptr& st, request&& req, const route_params& p,
                          http_session& s);
void api_test_event(const state_ptr& st, request&& req, const route_params&, http_session& s);
void prometheus_metrics(const state_ptr& st, request&& req, const route_params&, http_session& s);

// 501 not_implemented: lo que responde una ruta de la API mientras su paso no
// está hecho (la llaman los manejadores del starter).
void not_done(const request& req, http_session& s);

}  // namespace p03
