// El catálogo de errores (comun/taller/errors.hpp) y su documento
// (docs/errores.md) dicen lo mismo, y cada código tiene un solo estado.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "taller/errors.hpp"
#include "taller/http.hpp"

namespace {

std::string read_docs() {
  std::ifstream in(TALLER_DOCS_DIR "/errores.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Robustez_Catalogo, CadaCodigoUnaVezYConUnEstadoDeError) {
  std::set<std::string_view> seen;
  for (const auto& kind : taller::errors::all) {
    EXPECT_TRUE(seen.insert(kind.code).second) << "el código " << kind.code << " está dos veces";
    const int status = static_cast<int>(kind.status);
    EXPECT_TRUE(status >= 400 && status < 600) << kind.code << " tiene el estado " << status;
    EXPECT_FALSE(kind.when.empty()) << kind.code << " no dice cuándo se usa";
  }
}

TEST(Robustez_Catalogo, DocumentoYCodigoCoinciden) {
  const std::string docs = read_docs();
  ASSERT_FALSE(docs.empty()) << "no se pudo leer docs/errores.md";
  // Las filas de la tabla HTTP: | `código` | estado | cuándo |
  const std::regex row(R"(\| `([a-z_]+)` \| (\d{3}) \| ([^|]+) \|)");
  std::set<std::string> documented;
  for (auto it = std::sregex_iterator(docs.begin(), docs.end(), row); it != std::sregex_iterator();
       ++it)
    documented.insert((*it)[1].str() + " " + (*it)[2].str() + " " + (*it)[3].str());
  std::set<std::string> in_code;
  for (const auto& kind : taller::errors::all)
    in_code.insert(std::string(kind.code) + " " + std::to_string(static_cast<int>(kind.status)) +
                   " " + std::string(kind.when));
  EXPECT_EQ(documented, in_code) << "la tabla de docs/errores.md y comun/taller/errors.hpp "
                                    "deben tener los mismos códigos, estados y textos";
}

TEST(Robustez_Catalogo, LaRespuestaLlevaElEstadoDelCatalogo) {
  taller::request req{http::verb::post, "/x", 11};
  const auto res = taller::json_error(req, taller::errors::invalid_field, "name", "falta");
  EXPECT_EQ(res.result(), http::status::unprocessable_entity);
  EXPECT_EQ(res.body(), R"({"error":"invalid_field","field":"name","message":"falta"})");
}

}  // namespace
