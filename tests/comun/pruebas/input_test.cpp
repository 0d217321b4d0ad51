// Las comprobaciones de la entrada de la red (taller/input.hpp, taller/url.hpp).
#include <cstdlib>
#include <string_view>

#include <gtest/gtest.h>

#include "taller/address_table.hpp"
#include "taller/fail.hpp"
#include "taller/input.hpp"
#include "taller/net.hpp"
#include "taller/url.hpp"

namespace {

using taller::is_valid_utf8;

TEST(Robustez_Utf8, AceptaTextoValido) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("hola"));
  EXPECT_TRUE(is_valid_utf8("año ñandú €"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // 😀, 4 bytes
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, el último
}

TEST(Robustez_Utf8, RechazaBytesSueltosSobrelargosYSustitutos) {
  for (const char* bad : {"\xFF", "\xC3\x28", "\xC3", "\x80", "\xC0\xAF", "\xE0\x80\xAF",
                          "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
                          "\xF0\x9F\x98", "abc\xE2\x82"})
    EXPECT_FALSE(is_valid_utf8(bad)) << "se aceptó como UTF-8 una secuencia inválida";
}

TEST(Robustez_Url, ElMasSoloEsEspacioEnLaConsulta) {
  EXPECT_EQ(taller::url_decode("a+b"), "a b");
  EXPECT_EQ(taller::url_decode("a+b", /*plus_is_space=*/false), "a+b");
  EXPECT_EQ(taller::url_decode("%FF"), "\xFF") << "decodifica; validar es otro paso";
  EXPECT_EQ(taller::url_decode("%4"), "%4") << "un % incompleto queda tal cual";
}

TEST(Robustez_Url, CodificarYDecodificarDevuelveLoMismo) {
  for (const std::string text : {"canal_ventas", "a b", "a+b&c=d", "ñandú?", "100%", "/x/"})
    EXPECT_EQ(taller::url_decode(taller::url_encode(text)), text)
        << "url_encode debe dar algo que url_decode devuelva igual: " << taller::url_encode(text);
  EXPECT_EQ(taller::url_encode("a b&c"), "a%20b%26c");
  EXPECT_EQ(taller::url_encode("Az09-._~"), "Az09-._~") << "lo no reservado va tal cual";
}

TEST(Robustez_Json, AnidamientoAcotado) {
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(taller::json_nesting(ok), 64u);
  EXPECT_TRUE(taller::parse_json(ok)) << "64 niveles están permitidos";
  auto r = taller::parse_json(deep);
  EXPECT_FALSE(r) << "65 niveles deben rechazarse";
  EXPECT_NE(r.error.find("64"), std::string::npos) << "el motivo dice el límite: " << r.error;
  // 32 000 niveles en 64 KiB: antes agotaba la pila al serializar o destruir.
  EXPECT_FALSE(taller::parse_json(std::string(32000, '[') + std::string(32000, ']')));
}

TEST(Robustez_Json, LosCorchetesDentroDeUnaCadenaNoCuentan) {
  const std::string text = R"({"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"{{{"})";
  EXPECT_EQ(taller::json_nesting(text), 1u);
  EXPECT_TRUE(taller::parse_json(text));
}

TEST(Robustez_Json, TextoNoJsonDaMotivo) {
  auto r = taller::parse_json("{roto");
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error, "no es JSON válido");
}

// Hallazgo H1 de fuzz_url (fuzz/hallazgos/url-nul-corta-el-json): nlohmann::json
// toma el NUL como fin del texto y aceptaba lo que hubiera antes.
TEST(Robustez_Json, UnNulEnCualquierParteLoInvalida) {
  using namespace std::string_view_literals;
  for (auto text : {"6\0\0\0~\xc1\xec\xff"sv, "{\"type\":\"ping\"}\0basura"sv, "\0"sv,
                    "[1,\0 2]"sv}) {
    const auto r = taller::parse_json(text);
    EXPECT_FALSE(r) << "parse_json aceptó un texto con NUL de " << text.size() << " bytes";
    EXPECT_EQ(r.error, "no es JSON válido");
  }
  EXPECT_TRUE(taller::parse_json(R"({"a":"\u0000"})")) << "un NUL escapado sí es JSON válido";
}

// Observación O1 del fuzzing: un frame que rompe el protocolo WebSocket es
// culpa del cliente y no escribe una línea de error por cada uno.
TEST(Robustez_Registro, LosErroresDelClienteNoLlenanElRegistro) {
  namespace ws = boost::beast::websocket;
  ASSERT_EQ(std::getenv("TALLER_DEBUG"), nullptr) << "ejecuta la prueba sin TALLER_DEBUG";
  testing::internal::CaptureStderr();
  taller::fail(ws::error::bad_frame_payload, "read");
  taller::fail(ws::error::bad_opcode, "read");
  taller::fail(ws::error::bad_unmasked_frame, "read");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "")
      << "un frame con UTF-8 inválido o sin máscara no es un error del servidor";
  testing::internal::CaptureStderr();
  taller::fail(boost::asio::error::no_buffer_space, "write");
  EXPECT_NE(testing::internal::GetCapturedStderr(), "") << "un error del servidor sí se registra";
}

TEST(Robustez_Json, MiembroDeTextoSinExcepciones) {
  const auto body = nlohmann::json::parse(R"({"a":"x","b":123,"c":null,"d":[]})");
  ASSERT_NE(taller::text_member(body, "a"), nullptr);
  EXPECT_EQ(*taller::text_member(body, "a"), "x");
  for (const char* name : {"b", "c", "d", "falta"})
    EXPECT_EQ(taller::text_member(body, name), nullptr) << name;
  EXPECT_EQ(taller::text_member(nlohmann::json(42), "a"), nullptr);
}

TEST(Robustez_TablaDeDirecciones, AcotadaPorDireccionYSinRestos) {
  taller::address_table t(2);
  EXPECT_TRUE(t.try_add("10.0.0.1"));
  EXPECT_TRUE(t.try_add("10.0.0.1"));
  EXPECT_FALSE(t.try_add("10.0.0.1")) << "la tercera de la misma dirección sobra";
  EXPECT_TRUE(t.try_add("10.0.0.2"));
  t.remove("10.0.0.1");
  t.remove("10.0.0.1");
  t.remove("10.0.0.2");
  EXPECT_EQ(t.addresses(), 0u) << "una dirección sin conexiones sale de la tabla";
  for (int i = 0; i < 1000; ++i) {
    const std::string ip = "10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256);
    ASSERT_TRUE(t.try_add(ip));
    t.remove(ip);
  }
  EXPECT_EQ(t.addresses(), 0u) << "la tabla no crece con las conexiones que ya se fueron";
}

}  // namespace
