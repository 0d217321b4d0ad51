// Paso 1 — el servidor sirve el panel, sus archivos estáticos y Chart.js.
#include "servidor_de_prueba.hpp"

namespace p04::testing {
namespace {

// GET path: 200 con ese Content-Type; devuelve el cuerpo ("" si falla).
std::string expect_page(running_server& s, const std::string& path, const std::string& type) {
  auto res = s.http().Get(path);
  if (!res) {
    ADD_FAILURE() << "Paso 1: GET " << path << " no respondió";
    return "";
  }
  EXPECT_EQ(res->status, 200) << "Paso 1: GET " << path << " debe responder 200; llegó "
                              << res->status << ": " << res->body.substr(0, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), type)
      << "Paso 1: GET " << path << " debe tener Content-Type " << type << "; llegó "
      << res->get_header_value("Content-Type");
  return res->body;
}

TEST(Paso1_Pagina, LaRaizEsElPanel) {
  running_server s(test_options());
  const std::string body = expect_page(s, "/", "text/html; charset=utf-8");
  for (const char* hook : {"data-testid=\"cpu-value\"", "data-testid=\"chart-cpu\"",
                           "/static/dashboard.js", "/static/vendor/chart.umd.js"})
    EXPECT_NE(body.find(hook), std::string::npos)
        << "Paso 1: GET / debe servir p04/static/index.html, que contiene " << hook;
}

TEST(Paso1_Pagina, CadaEstaticoConSuTipo) {
  running_server s(test_options());
  EXPECT_NE(
      expect_page(s, "/static/dashboard.js", "text/javascript; charset=utf-8").find("EventSource"),
      std::string::npos)
      << "Paso 1: /static/dashboard.js es el módulo del panel";
  expect_page(s, "/static/dashboard.css", "text/css; charset=utf-8");
  EXPECT_NE(expect_page(s, "/static/vendor/chart.umd.js", "text/javascript; charset=utf-8")
                .find("Chart"),
            std::string::npos)
      << "Paso 1: /static/vendor/chart.umd.js es Chart.js de node_modules (¿se ejecutó npm ci?)";
}

TEST(Paso1_Pagina, DemoYClienteWebSocket) {
  running_server s(test_options());
  EXPECT_NE(expect_page(s, "/demo", "text/html; charset=utf-8").find("data-testid=\"demo-cpu\""),
            std::string::npos)
      << "Paso 1: GET /demo sirve p04/static/demo.html";
  EXPECT_NE(expect_page(s, "/cliente", "text/html; charset=utf-8").find("WebSocket"),
            std::string::npos)
      << "Paso 1: GET /cliente sigue siendo la página de la práctica 01";
}

TEST(Paso1_Pagina, UnArchivoQueNoExisteDa404Json) {
  running_server s(test_options());
  ASSERT_TRUE(s.http().Get("/static/dashboard.js") &&
              s.http().Get("/static/dashboard.js")->status == 200)
      << "Paso 1: antes de nada, /static/dashboard.js debe servirse con 200";
  for (const char* path :
       {"/static/nada.js", "/static/../CMakeLists.txt", "/static/%2e%2e/main.cpp"}) {
    auto res = s.http().Get(path);
    ASSERT_TRUE(res) << "Paso 1: GET " << path << " debe responder; falló la petición: "
                     << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 404) << "Paso 1: " << path << " no es un archivo del panel y debe dar "
                                << "404; llegó " << res->status;
    json body = json::parse(res->body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error"))
        << "Paso 1: el 404 lleva un cuerpo JSON con \"error\"; llegó " << res->body;
  }
}

}  // namespace
}  // namespace p04::testing
