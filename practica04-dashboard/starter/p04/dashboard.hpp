// Práctica 04: el panel en tiempo real. El servidor es el de la práctica 03
// (WebSocket, SSE, alertas, API REST) con estas rutas delante: la página, sus
// archivos estáticos y Chart.js, todo cargado en memoria al arrancar.
#pragma once
#include <filesystem>
#include <memory>

#include "p03/server.hpp"
#include "taller/router.hpp"
#include "taller/static_files.hpp"

namespace p04 {

// Dónde deja npm Chart.js: node_modules/chart.js/dist/chart.umd.js en la raíz del taller.
std::filesystem::path default_chartjs_path();

// Los archivos de p04/static bajo /static/ y Chart.js en /static/vendor/chart.umd.js.
// Si falta Chart.js (no se ejecutó npm ci) avisa por stderr y sigue: el panel
// funciona sin gráficas. Lanza std::runtime_error si falta la carpeta static.
std::shared_ptr<const taller::static_files> load_dashboard_files(
    const std::filesystem::path& chartjs = default_chartjs_path());

// GET / (el panel), GET /demo (la página compacta del sistema) y una ruta GET
// exacta por cada archivo cargado.
void add_dashboard_routes(taller::router& routes,
                          const std::shared_ptr<const taller::static_files>& files);

// Las opciones de la práctica 03 con las rutas del panel delante.
p03::server_options with_dashboard(p03::server_options options,
                                   std::shared_ptr<const taller::static_files> files);

}  // namespace p04
