// Paso 7 — el analizador de text/event-stream del cliente SSE (WHATWG HTML §9.2.6).
// Pruebas puras: bytes en la entrada, eventos en la salida, sin red.
#include <gtest/gtest.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "p02/sse_parser.hpp"

namespace p02::testing {
namespace {

// Hace visibles los saltos de línea, CR y NUL en los mensajes de fallo.
std::string visible(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace
}  // namespace p02::testing

namespace p02 {

// GoogleTest busca PrintTo junto al tipo (en p02) para escribir un sse_event en
// los mensajes; static para que no choque con otras pruebas del mismo ejecutable.
static void PrintTo(const sse_event& e, std::ostream* os) {
  *os << "{type \"" << testing::visible(e.type) << "\", data \"" << testing::visible(e.data)
      << "\", id \"" << testing::visible(e.id) << "\"}";
}

}  // namespace p02

namespace p02::testing {
namespace {

using events = std::vector<sse_event>;
using namespace std::string_literals;

const std::string bom = "\xEF\xBB\xBF";  // el BOM de UTF-8 (U+FEFF)

// Los eventos como texto, para los mensajes de fallo.
std::string show(const events& list) {
  std::string out = "[";
  for (const auto& e : list) out += ::testing::PrintToString(e) + (&e == &list.back() ? "" : ", ");
  return out + "] (" + std::to_string(list.size()) + " eventos)";
}

// Da el flujo entero de una vez y devuelve los eventos.
events feed_whole(sse_parser& parser, std::string_view stream) { return parser.feed(stream); }

// Los eventos de un flujo entero, con un parser nuevo.
events events_of(std::string_view stream) {
  sse_parser parser;
  return feed_whole(parser, stream);
}

// Da el flujo en trozos de 'size' bytes y junta los eventos.
events feed_in_chunks(sse_parser& parser, std::string_view stream, std::size_t size) {
  events all;
  for (std::size_t at = 0; at < stream.size(); at += size)
    for (auto& e : parser.feed(stream.substr(at, size))) all.push_back(std::move(e));
  return all;
}

TEST(Paso7_ClienteSse, UnEventoSimple) {
  const events got = events_of("data: hola\n\n");
  EXPECT_EQ(got, events({{"message", "hola", ""}}))
      << "Paso 7: \"data: hola\" y una línea en blanco dan un evento message con data \"hola\"; "
         "llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, DataEnVariasLineasSeUneConSaltos) {
  const events got = events_of("data: uno\ndata: dos\ndata: tres\n\n");
  EXPECT_EQ(got, events({{"message", "uno\ndos\ntres", ""}}))
      << "Paso 7: varias líneas data: se unen con '\\n' (sin '\\n' al final); llegó " << show(got);
}

TEST(Paso7_ClienteSse, FinesDeLineaCrlfCrYLf) {
  const events expected{{"message", "a\nb", ""}, {"ping", "c", ""}};
  for (const std::string end : {"\n", "\r\n", "\r"}) {
    const std::string stream =
        "data: a" + end + "data: b" + end + end + "event: ping" + end + "data: c" + end + end;
    const events got = events_of(stream);
    EXPECT_EQ(got, expected) << "Paso 7: con fin de línea \"" << visible(end)
                             << "\" deben salir los mismos dos eventos; llegó " << show(got);
  }
  const events mixed = events_of("data: a\r\ndata: b\r\revent: ping\ndata: c\r\n\n");
  EXPECT_EQ(mixed, expected) << "Paso 7: CRLF, CR y LF pueden mezclarse en un mismo flujo; llegó "
                             << show(mixed);
}

TEST(Paso7_ClienteSse, CrAlFinalDeUnTrozoYLfAlPrincipioDelSiguienteSonUnFinDeLinea) {
  sse_parser parser;
  events got = parser.feed("data: a\r");
  for (auto& e : parser.feed("\ndata: b\r\n\r\n")) got.push_back(std::move(e));
  EXPECT_EQ(got, events({{"message", "a\nb", ""}}))
      << "Paso 7: un CR al final de un trozo y un LF al principio del siguiente son UN fin de "
         "línea (no una línea en blanco que despache); llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, ComentariosSeIgnoran) {
  sse_parser parser;
  const events got = feed_whole(parser, ": heartbeat 1\ndata: x\n:otro\n\n:\n\n");
  EXPECT_EQ(got, events({{"message", "x", ""}}))
      << "Paso 7: las líneas que empiezan por ':' no cambian el evento; llegó " << show(got);
  EXPECT_EQ(parser.comments(), 3u)
      << "Paso 7: comments() debe contar los 3 comentarios; llegó " << parser.comments();
  EXPECT_EQ(parser.last_comment().value_or("(ninguno)"), "")
      << "Paso 7: el último comentario (\":\") está vacío; llegó \""
      << parser.last_comment().value_or("(ninguno)") << "\"";
}

TEST(Paso7_ClienteSse, ComentarioGuardaSuTextoSinElEspacio) {
  sse_parser parser;
  const events got = feed_whole(parser, ": heartbeat 1700000000\n\n");
  EXPECT_TRUE(got.empty()) << "Paso 7: un comentario solo no es un evento; llegó " << show(got);
  EXPECT_EQ(parser.last_comment().value_or("(ninguno)"), "heartbeat 1700000000")
      << "Paso 7: last_comment() es el texto tras ':' sin un espacio inicial; llegó \""
      << parser.last_comment().value_or("(ninguno)") << "\"";
}

TEST(Paso7_ClienteSse, CampoDesconocidoSeIgnora) {
  const events got = events_of("foo: bar\ndata: x\nDATA: y\nevent : z\n\n");
  EXPECT_EQ(got, events({{"message", "x", ""}}))
      << "Paso 7: los campos desconocidos (\"foo\", \"DATA\", \"event \") se ignoran; llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, TipoPorOmisionEsMessage) {
  const events got = events_of("event: broadcast\ndata: a\n\ndata: b\n\n");
  EXPECT_EQ(got, events({{"broadcast", "a", ""}, {"message", "b", ""}}))
      << "Paso 7: event: da el tipo solo a su evento; sin event: el tipo es \"message\"; llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, IdPasaALosEventosSiguientes) {
  sse_parser parser;
  const events got = feed_whole(parser, "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n");
  EXPECT_EQ(got, events({{"message", "a", "1"}, {"message", "b", "1"}, {"message", "c", "2"}}))
      << "Paso 7: el último id se conserva en los eventos que no traen id:; llegó " << show(got);
  EXPECT_EQ(parser.last_event_id(), "2")
      << "Paso 7: last_event_id() debe ser \"2\"; llegó \"" << parser.last_event_id() << "\"";
}

TEST(Paso7_ClienteSse, IdVacioBorraElUltimoId) {
  sse_parser parser;
  const events got = feed_whole(parser, "id: 1\ndata: a\n\nid\ndata: b\n\n");
  EXPECT_EQ(got, events({{"message", "a", "1"}, {"message", "b", ""}}))
      << "Paso 7: \"id\" sin valor deja el último id vacío; llegó " << show(got);
  EXPECT_EQ(parser.last_event_id(), "")
      << "Paso 7: last_event_id() debe quedar vacío; llegó \"" << parser.last_event_id() << "\"";
}

TEST(Paso7_ClienteSse, IdConNulSeIgnora) {
  sse_parser parser;
  const events got = feed_whole(parser, "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"s);
  EXPECT_EQ(got, events({{"message", "a", "1"}, {"message", "b", "1"}}))
      << "Paso 7: un id con NUL se ignora y sigue valiendo el anterior; llegó " << show(got);
  EXPECT_EQ(parser.last_event_id(), "1") << "Paso 7: last_event_id() debe seguir en \"1\"; llegó \""
                                         << visible(parser.last_event_id()) << "\"";
}

TEST(Paso7_ClienteSse, RetrySoloConDigitos) {
  sse_parser parser;
  EXPECT_FALSE(parser.retry_ms()) << "Paso 7: sin retry:, retry_ms() está vacío; llegó "
                                  << parser.retry_ms().value_or(-1);
  const events got = feed_whole(parser, "retry: 5000\n\n");
  EXPECT_TRUE(got.empty()) << "Paso 7: retry: solo no es un evento; llegó " << show(got);
  EXPECT_EQ(parser.retry_ms().value_or(-1), 5000)
      << "Paso 7: \"retry: 5000\" fija retry_ms() en 5000; llegó "
      << parser.retry_ms().value_or(-1);
  for (const char* bad : {"retry: 12a\n", "retry: -1\n", "retry: 1.5\n", "retry: +7\n", "retry:\n",
                          "retry:  300\n", "retry: 99999999999999999999999\n"}) {
    parser.feed(bad);
    EXPECT_EQ(parser.retry_ms().value_or(-1), 5000)
        << "Paso 7: \"" << visible(bad) << "\" no son solo dígitos y se ignora; retry_ms() llegó "
        << parser.retry_ms().value_or(-1);
  }
  parser.feed("retry:0\n");
  EXPECT_EQ(parser.retry_ms().value_or(-1), 0)
      << "Paso 7: \"retry:0\" fija retry_ms() en 0; llegó " << parser.retry_ms().value_or(-1);
}

TEST(Paso7_ClienteSse, EventoSinDataNoSeDespachaPeroActualizaElId) {
  sse_parser parser;
  const events none = feed_whole(parser, "id: 7\n\nevent: aviso\n\n");
  EXPECT_TRUE(none.empty()) << "Paso 7: un evento sin data no se despacha; llegó " << show(none);
  EXPECT_EQ(parser.last_event_id(), "7")
      << "Paso 7: aunque no haya evento, la línea en blanco actualiza last_event_id() a \"7\"; "
         "llegó \""
      << parser.last_event_id() << "\"";
  const events got = feed_whole(parser, "data: y\n\n");
  EXPECT_EQ(got, events({{"message", "y", "7"}}))
      << "Paso 7: tras un evento sin data, el tipo vuelve a \"message\" y el id sigue en \"7\"; "
         "llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, BomInicialSeQuita) {
  const events got = events_of(bom + "data: a\n\n");
  EXPECT_EQ(got, events({{"message", "a", ""}}))
      << "Paso 7: el BOM UTF-8 del principio del flujo se ignora; llegó " << show(got);

  sse_parser split;
  const std::string chunks[] = {bom.substr(0, 1), bom.substr(1, 1), bom.substr(2) + "da", "ta: b\n\n"};
  events from_chunks;
  for (const std::string& chunk : chunks)
    for (auto& e : split.feed(chunk)) from_chunks.push_back(std::move(e));
  EXPECT_EQ(from_chunks, events({{"message", "b", ""}}))
      << "Paso 7: el BOM se quita aunque llegue partido byte a byte; llegó " << show(from_chunks);

  const events twice = events_of(bom + bom + "data: c\n\ndata: d\n\n");
  EXPECT_EQ(twice, events({{"message", "d", ""}}))
      << "Paso 7: solo se quita UN BOM (con dos, el primer campo es desconocido); llegó "
      << show(twice);
}

TEST(Paso7_ClienteSse, CampoSinDosPuntosTieneValorVacio) {
  EXPECT_EQ(events_of("data\n\n"), events({{"message", "", ""}}))
      << "Paso 7: \"data\" solo añade una línea vacía: un evento con data \"\"; llegó "
      << show(events_of("data\n\n"));
  EXPECT_EQ(events_of("data\ndata\n\n"), events({{"message", "\n", ""}}))
      << "Paso 7: dos \"data\" sin valor dan data \"\\n\"; llegó "
      << show(events_of("data\ndata\n\n"));
  EXPECT_EQ(events_of("event\ndata: x\n\n"), events({{"message", "x", ""}}))
      << "Paso 7: \"event\" sin valor deja el tipo por omisión; llegó "
      << show(events_of("event\ndata: x\n\n"));
}

TEST(Paso7_ClienteSse, DataConYSinEspacio) {
  const events got = events_of("data:x\n\ndata: x\n\ndata:  x\n\ndata:\n\ndata: a:b\n\n");
  EXPECT_EQ(got, events({{"message", "x", ""},
                         {"message", "x", ""},
                         {"message", " x", ""},
                         {"message", "", ""},
                         {"message", "a:b", ""}}))
      << "Paso 7: tras el primer ':' se quita UN espacio (si lo hay) y el resto es el valor; "
         "llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, EventoAMediasNoSeDespacha) {
  sse_parser parser;
  const events got = feed_whole(parser, "data: completo\n\nid: 9\ndata: a medias\n");
  EXPECT_EQ(got, events({{"message", "completo", ""}}))
      << "Paso 7: sin línea en blanco el evento no ha terminado; llegó " << show(got);
  EXPECT_EQ(parser.last_event_id(), "")
      << "Paso 7: el id de un evento a medias aún no cuenta; llegó \"" << parser.last_event_id()
      << "\"";
}

TEST(Paso7_ClienteSse, ResetConservaElUltimoIdYElRetry) {
  sse_parser parser;
  parser.feed("retry: 1500\nid: 5\ndata: a\n\nid: 6\ndata: b\r");
  parser.reset();
  EXPECT_EQ(parser.last_event_id(), "5")
      << "Paso 7: tras reset() (reconexión) last_event_id() es el del último evento despachado; "
         "llegó \""
      << parser.last_event_id() << "\"";
  EXPECT_EQ(parser.retry_ms().value_or(-1), 1500)
      << "Paso 7: reset() conserva retry_ms(); llegó " << parser.retry_ms().value_or(-1);
  const events got = parser.feed(bom + "data: c\n\n");
  EXPECT_EQ(got, events({{"message", "c", "5"}}))
      << "Paso 7: tras reset() el evento a medias se olvida (también su id 6) y el flujo nuevo "
         "puede empezar con BOM; llegó "
      << show(got);
}

TEST(Paso7_ClienteSse, EmpiezaEnElIdDeLaReconexion) {
  sse_parser parser("41");
  const events got = feed_whole(parser, "data: x\n\n");
  EXPECT_EQ(got, events({{"message", "x", "41"}}))
      << "Paso 7: un parser creado con el id \"41\" lo pone en los eventos sin id:; llegó "
      << show(got);
}

// Un flujo grabado que mezcla todo lo anterior. Un literal crudo no puede llevar
// CR ni NUL: aquí ␍ es un CR y ␀ un NUL (with_controls los cambia), y el BOM va
// delante. Incluye texto UTF-8, que al partir el flujo se corta por la mitad.
const std::string recorded = R"(: conectado al flujo de métricas
retry: 2500

id: 1
event: metrics
data: {"cpu":12.5,"mem":40.1}

data: primera línea␍
data:segunda línea␍
␍
: heartbeat 1700000000
event: broadcast␍id: 2␍data: {"from":"ana","data":"¡hola, señal!"}␍␍id: 3
data
data:
data: tras dos líneas vacías

id: 4␀roto
data: el id con NUL se ignora

retry: 3s
event: vacío
id: 5

foo: campo desconocido
data:  dos espacios

id
data: id vacío

event: alert
id: 7
data: {"level":"warning"}
data: {"level":"critical"}

data: evento a medias, sin línea en blanco
)";

// El flujo grabado tal como llega: ␍ → CR, ␀ → NUL y el BOM delante.
std::string with_controls(std::string text) {
  for (const auto& [mark, byte] : {std::pair{"␍"s, "\r"s}, std::pair{"␀"s, "\0"s}})
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
      text.replace(at, mark.size(), byte);
  return bom + text;
}

const events recorded_events{
    {"metrics", R"({"cpu":12.5,"mem":40.1})", "1"},
    {"message", "primera línea\nsegunda línea", "1"},
    {"broadcast", R"({"from":"ana","data":"¡hola, señal!"})", "2"},
    {"message", "\n\ntras dos líneas vacías", "3"},
    {"message", "el id con NUL se ignora", "3"},
    {"message", " dos espacios", "5"},
    {"message", "id vacío", ""},
    {"alert", "{\"level\":\"warning\"}\n{\"level\":\"critical\"}", "7"},
};

// Comprueba el estado final del parser tras todo el flujo grabado.
void expect_recorded_state(const sse_parser& parser, const std::string& how) {
  EXPECT_EQ(parser.last_event_id(), "7")
      << "Paso 7: " << how << ", last_event_id() debe acabar en \"7\"; llegó \""
      << visible(parser.last_event_id()) << "\"";
  EXPECT_EQ(parser.retry_ms().value_or(-1), 2500)
      << "Paso 7: " << how << ", retry_ms() debe ser 2500 (\"retry: 3s\" se ignora); llegó "
      << parser.retry_ms().value_or(-1);
  EXPECT_EQ(parser.comments(), 2u)
      << "Paso 7: " << how << ", el flujo trae 2 comentarios; llegó " << parser.comments();
}

TEST(Paso7_ClienteSse, FlujoGrabadoEntero) {
  sse_parser parser;
  const events got = feed_whole(parser, with_controls(recorded));
  EXPECT_EQ(got, recorded_events)
      << "Paso 7: el flujo grabado entero debe dar sus 8 eventos; llegó " << show(got);
  expect_recorded_state(parser, "con el flujo entero");
}

TEST(Paso7_ClienteSse, FlujoGrabadoPartidoEnDosEnCualquierByte) {
  const std::string stream = with_controls(recorded);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    sse_parser parser;
    events got = parser.feed(std::string_view(stream).substr(0, cut));
    for (auto& e : parser.feed(std::string_view(stream).substr(cut))) got.push_back(std::move(e));
    ASSERT_EQ(got, recorded_events)
        << "Paso 7: partido en el byte " << cut << " de " << stream.size()
        << " deben salir los mismos 8 eventos; llegó " << show(got);
    ASSERT_EQ(parser.last_event_id(), "7")
        << "Paso 7: partido en el byte " << cut << ", last_event_id() debe ser \"7\"; llegó \""
        << visible(parser.last_event_id()) << "\"";
    ASSERT_EQ(parser.comments(), 2u)
        << "Paso 7: partido en el byte " << cut << " (también dentro del BOM), deben contarse 2 "
           "comentarios; llegó "
        << parser.comments();
  }
}

TEST(Paso7_ClienteSse, FlujoGrabadoByteAByte) {
  sse_parser parser;
  const events got = feed_in_chunks(parser, with_controls(recorded), 1);
  EXPECT_EQ(got, recorded_events)
      << "Paso 7: byte a byte deben salir los mismos 8 eventos; llegó " << show(got);
  expect_recorded_state(parser, "byte a byte");
}

TEST(Paso7_ClienteSse, LineaDeMasDeUnMibSeDescarta) {
  sse_parser parser;
  const std::string huge = "data: " + std::string(2 * sse_parser::max_line_bytes, 'x');
  const std::string stream = "id: 1\n" + huge + "\ndata: resto del evento roto\nid: 2\n\n" +
                             "data: " + std::string(sse_parser::max_line_bytes - 6, 'y') +
                             "\n\ndata: sigue\n\n";
  const events got = feed_in_chunks(parser, stream, 4096);
  ASSERT_EQ(got.size(), 2u)
      << "Paso 7: el evento con una línea de más de 1 MiB se descarta entero y los dos siguientes "
         "llegan (el segundo con una línea de justo 1 MiB); llegó "
      << got.size() << " eventos";
  EXPECT_EQ(got[0].data.size(), sse_parser::max_line_bytes - 6)
      << "Paso 7: una línea de justo 1 MiB es válida; su data llegó con " << got[0].data.size()
      << " bytes";
  EXPECT_EQ(got[1], (sse_event{"message", "sigue", ""}))
      << "Paso 7: tras el evento descartado el flujo sigue normal (ni id 1 ni 2); llegó "
      << ::testing::PrintToString(got[1]);
  EXPECT_EQ(parser.errors(), 1u)
      << "Paso 7: errors() cuenta el evento descartado; llegó " << parser.errors();
}

TEST(Paso7_ClienteSse, DataDeMasDe4MibSeDescarta) {
  sse_parser parser;
  // Líneas de 1000 bytes (1001 en data con su '\n') hasta pasar de 4 MiB.
  std::string stream;
  const std::string line = "data: " + std::string(1000, 'z') + "\n";
  for (std::size_t data = 0; data <= sse_parser::max_data_bytes; data += 1001) stream += line;
  stream += "\ndata: sigue\n\n";
  const events got = feed_in_chunks(parser, stream, 65536);
  EXPECT_EQ(got, events({{"message", "sigue", ""}}))
      << "Paso 7: un evento con más de 4 MiB de data se descarta y el siguiente llega; llegó "
      << got.size() << " eventos";
  EXPECT_EQ(parser.errors(), 1u)
      << "Paso 7: errors() cuenta el evento descartado; llegó " << parser.errors();
}

}  // namespace
}  // namespace p02::testing
