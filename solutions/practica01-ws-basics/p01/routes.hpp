// Las rutas de la práctica 01, para este servidor y para los de las prácticas
// siguientes, que las incluyen en su propia tabla.
#pragma once
#include <memory>

#include "p01/server_state.hpp"
#include "taller/router.hpp"

namespace p01 {

// GET /ws (chat por canales) y GET /ws/activity (observadores).
void add_websocket_routes(taller::router& routes, const std::shared_ptr<server_state>& state);

// Carga en state.files la página de prueba de la práctica 01 (static/index.html).
void load_test_page(server_state& state);

}  // namespace p01
