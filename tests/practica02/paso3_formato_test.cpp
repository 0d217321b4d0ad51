// Paso 3 — formatear eventos SSE (WHATWG HTML §9.2).
#include <gtest/gtest.h>

#include "p02/sse_format.hpp"

namespace p02::testing {
namespace {

TEST(Paso3_FormatoSse, EventoConIdEventYData) {
  EXPECT_EQ(format_event(7, "broadcast", R"({"a":1})"),
            "id: 7\nevent: broadcast\ndata: {\"a\":1}\n\n")
      << "Paso 3: un evento son las líneas id:, event: y data: y una línea vacía al final";
}

TEST(Paso3_FormatoSse, UnaLineaDataPorCadaLinea) {
  EXPECT_EQ(format_event(1, "log", "uno\ndos\r\ntres\rcuatro"),
            "id: 1\nevent: log\ndata: uno\ndata: dos\ndata: tres\ndata: cuatro\n\n")
      << "Paso 3: cada línea del contenido (\\n, \\r\\n o \\r) va en su propia línea data:";
}

TEST(Paso3_FormatoSse, DataVacioYSaltoFinal) {
  EXPECT_EQ(format_event(2, "x", ""), "id: 2\nevent: x\ndata: \n\n")
      << "Paso 3: un data vacío se envía como una línea \"data: \"";
  EXPECT_EQ(format_event(3, "x", "a\n"), "id: 3\nevent: x\ndata: a\ndata: \n\n")
      << "Paso 3: un salto de línea final es otra línea data: vacía (el cliente recupera \"a\\n\")";
}

TEST(Paso3_FormatoSse, ElNombreDelEventoNoPuedeInyectarCampos) {
  EXPECT_EQ(format_event(4, "mal\ndata: inyectado", "x"),
            "id: 4\nevent: mal data: inyectado\ndata: x\n\n")
      << "Paso 3: un salto de línea en el nombre del evento se sustituye por un espacio";
}

TEST(Paso3_FormatoSse, ComentarioDeHeartbeat) {
  EXPECT_EQ(format_comment("heartbeat 12:00"), ": heartbeat 12:00\n\n")
      << "Paso 3: un comentario es una línea que empieza por ':' y una línea vacía";
}

// Un comentario con saltos de línea dentro (un texto que llega de fuera) no
// puede cerrar el comentario y colar campos: como el nombre del evento, se
// pasa por single_line.
TEST(Paso3_FormatoSse, UnComentarioNoPuedeInyectarCampos) {
  const std::string out = format_comment("hola\ndata: inyectado\r\n\nid: 9");
  EXPECT_EQ(out.find('\n'), out.size() - 2)
      << "Paso 3: un comentario es una sola línea y una línea vacía, aunque el texto traiga "
         "saltos de línea; llegó \"" << out << "\"";
  EXPECT_EQ(out.rfind(": ", 0), 0u) << "Paso 3: un comentario empieza por ':'; llegó \"" << out << "\"";
}

}  // namespace
}  // namespace p02::testing
