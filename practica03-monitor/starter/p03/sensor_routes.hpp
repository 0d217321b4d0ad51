// Las rutas de sensores: cada cambio responde y publica sus eventos de entidad
// (Paso 7, en sensors.cpp). Cada una tiene la forma monitor_handler; la tabla
// de rutas de server.cpp las registra.
#pragma once
#include "p03/monitor_state.hpp"

namespace p03 {

void sensor_create(const state_ptr& st, request&& req, const route_params&, http_session& s);
void sensor_list(const state_ptr& st, request&& req, const route_params&, http_session& s);
void sensor_get(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void sensor_update(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void sensor_delete(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void sensor_readings(const state_ptr& st, request&& req, const route_params& p, http_session& s);
void reading_create(const state_ptr& st, request&& req, const route_params&, http_session& s);

}  // namespace p03
