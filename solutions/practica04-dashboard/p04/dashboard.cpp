#include "p04/dashboard.hpp"

#include <iostream>

#include "taller/http.hpp"
#include "taller/http_session.hpp"

namespace p04 {

using taller::http_session;
using taller::request;
using taller::route_params;

std::filesystem::path default_chartjs_path() { return TALLER_CHARTJS_FILE; }

std::shared_ptr<const taller::static_files> load_dashboard_files(
    const std::filesystem::path& chartjs) {
  auto files = std::make_shared<taller::static_files>();
  files->load_directory(TALLER_STATIC_DIR, "/static/");
  if (std::filesystem::is_regular_file(chartjs))
    files->load_file(chartjs, "/static/vendor/chart.umd.js");
  else
    std::cerr << "[warning] p04: no encuentro Chart.js en " << chartjs.string()
              << "; ejecuta `npm ci` en la raíz del taller (./taller instalar). "
                 "El panel funcionará sin gráficas.\n";
  return files;
}

namespace {

// Un manejador que responde con el archivo de esa URL (ya en memoria).
taller::route_handler serve(std::shared_ptr<const taller::static_files> files, std::string url) {
  return [files = std::move(files), url = std::move(url)](request&& req, const route_params&,
                                                          http_session& s) {
    if (const auto* f = files->find(url)) return s.send(taller::file_response(req, *f));
    s.send(taller::json_error(req, taller::errors::not_found, "path", "no existe " + url));
  };
}

}  // namespace

void add_dashboard_routes(taller::router& routes,
                          const std::shared_ptr<const taller::static_files>& files) {
  using http::verb;
  // PASO 1 ▸ Sirve el panel y sus archivos estáticos
  //   Tras esto, GET / responde con /static/index.html, GET /demo con /static/demo.html y cada URL
  //   de files->urls() (el CSS, el módulo JS, Chart.js…) con su archivo y su tipo MIME; lo demás
  //   sigue siendo un 404 JSON. Rutas exactas, así /static/../x no coincide con ninguna. Los
  //   archivos ya están en memoria (serve(files, url)): servir nunca lee el disco.
  routes.add(verb::get, "/", serve(files, "/static/index.html"))
      .add(verb::get, "/demo", serve(files, "/static/demo.html"));
  for (const auto& url : files->urls()) routes.add(verb::get, url, serve(files, url));
  //▸ starter
  //| (void)routes; (void)files; (void)serve;
  // FIN PASO 1
}

p03::server_options with_dashboard(p03::server_options options,
                                   std::shared_ptr<const taller::static_files> files) {
  options.extra_routes = [files = std::move(files),
                          before = std::move(options.extra_routes)](taller::router& routes) {
    if (before) before(routes);
    add_dashboard_routes(routes, files);
  };
  // La difusión a miles de pantallas sin pasar por async_write (Apéndice del README).
  options.base.direct_writes = true;
  options.base.websocket.direct_writes = true;
  return options;
}

}  // namespace p04
