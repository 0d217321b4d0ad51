// Las rutas de la práctica 01, para este servidor y para los de las prácticas
// siguientes, que las incluyen en su propia tabla.
#pragma once
#include <memory>

#include "p01/server_state.hpp"
#include "taller/router.hpp"
#include "taller/http_session.hpp"

namespace p01 {

// GET /ws (chat por canales) y GET /ws/activity (observadores). links va a
// cada sesión (websocket_session): en esta práctica, vacío.
void add_websocket_routes(taller::router& routes, const std::shared_ptr<server_state>& state,
                          const taller::connection_links& links = {});

// Los manejadores de esas dos rutas, para las prácticas siguientes, que las
// ponen en su tabla con sus propias comprobaciones delante y sus links.
void upgrade_chat(const std::shared_ptr<server_state>& state, taller::request&& req,
                  taller::http_session& session, const taller::connection_links& links = {});
void upgrade_activity(const std::shared_ptr<server_state>& state, taller::request&& req,
                      taller::http_session& session, const taller::connection_links& links = {});

// Pasa una petición de upgrade ya validada a una sesión /ws en ese canal
// (las prácticas siguientes la usan para /ws/secure y /ws/dashboard).
void upgrade_to_channel(const std::shared_ptr<server_state>& state, taller::request&& req,
                        taller::http_session& session, const std::string& channel,
                        const std::string& user_id, const taller::connection_links& links = {});

// Carga en state.files la página de prueba de la práctica 01 (static/index.html).
void load_test_page(server_state& state);

}  // namespace p01
