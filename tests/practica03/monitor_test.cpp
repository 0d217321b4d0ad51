// Pasos 2 y 3 — el monitor de conexiones: contadores con memoria acotada y
// su historial. Sin red: un reloj falso y suscriptores falsos.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "taller/clock.hpp"

#include "p03/connection_monitor.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

// 2023-11-14T22:13:20Z: una hora fija para leer los resultados a mano.
constexpr double start_time = 1'700'000'000.0;

// Un reloj que las pruebas avanzan a mano.
struct fake_clock {
  double now = start_time;
  std::function<double()> fn() {
    return [this] { return now; };
  }
};

// Una conexión de mentira: guarda lo que le entregan.
class fake_subscriber : public taller::subscriber {
 public:
  void deliver(taller::frame msg) override { delivered.push_back(*msg); }
  void shutdown() override { was_shut_down = true; }

  std::vector<std::string> delivered;
  bool was_shut_down = false;
};

taller::connection_info ws(std::string channel, std::string user = "") {
  return {"websocket", std::move(channel), std::move(user), "127.0.0.1:50000"};
}

// Las claves de un objeto JSON, ordenadas.
std::set<std::string> keys_of(const json& object) {
  std::set<std::string> out;
  for (const auto& [key, value] : object.items()) out.insert(key);
  return out;
}

std::string show(const std::set<std::string>& keys) { return json(keys).dump(); }

// La cuenta de mensajes y bytes que lleva la sesión de una conexión: aquí la
// prueba suma a mano lo que la sesión sumaría al leer y al escribir.
std::shared_ptr<taller::traffic> counted() { return std::make_shared<taller::traffic>(); }

TEST(Paso2_ContadoresDelMonitor, AbrirYCerrarLlevaLaCuenta) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  const auto a = monitor.opened(ws("ventas"), {}, {});
  const auto b = monitor.opened(ws("ventas"), {}, {});
  const auto c = monitor.opened(ws(""), {}, {});
  EXPECT_EQ(monitor.total_connections(), 3u)
      << "Paso 2: tras 3 opened, total_connections es 3; llegó " << monitor.total_connections();
  EXPECT_EQ(monitor.current_connections(), 3u)
      << "Paso 2: tras 3 opened hay 3 conexiones vivas; llegó " << monitor.current_connections();
  monitor.closed(b);
  EXPECT_EQ(monitor.current_connections(), 2u)
      << "Paso 2: al cerrar una quedan 2 vivas; llegó " << monitor.current_connections();
  monitor.closed(b);
  monitor.closed(999);
  EXPECT_EQ(monitor.current_connections(), 2u)
      << "Paso 2: cerrar otra vez o un id desconocido no cambia nada; llegó "
      << monitor.current_connections();
  EXPECT_EQ(monitor.total_connections(), 3u)
      << "Paso 2: total_connections cuenta todas las aceptadas, también las cerradas; llegó "
      << monitor.total_connections();
  monitor.closed(a);
  monitor.closed(c);
  EXPECT_EQ(monitor.current_connections(), 0u)
      << "Paso 2: cerradas todas, no queda ninguna viva; llegó " << monitor.current_connections();
}

TEST(Paso2_ContadoresDelMonitor, BorraElCanalAlQuedarseSinConexiones) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  const auto v1 = monitor.opened(ws("ventas"), {}, {});
  const auto v2 = monitor.opened(ws("ventas"), {}, {});
  monitor.opened(ws("soporte"), {}, {});
  monitor.opened(ws(""), {}, {});
  EXPECT_EQ(monitor.channel_connections("ventas"), 2u)
      << "Paso 2: hay 2 conexiones en ventas; llegó " << monitor.channel_connections("ventas");
  EXPECT_EQ(monitor.active_channels(), 2u)
      << "Paso 2: ventas y soporte (una conexión sin canal no es un canal); llegó "
      << monitor.active_channels();
  monitor.closed(v1);
  EXPECT_EQ(monitor.channel_connections("ventas"), 1u)
      << "Paso 2: al cerrar una, ventas tiene 1; llegó " << monitor.channel_connections("ventas");
  monitor.closed(v2);
  EXPECT_EQ(monitor.active_channels(), 1u)
      << "Paso 2: ventas, con 0 conexiones, se borra del mapa de canales; quedan "
      << monitor.active_channels();
  json per_channel = monitor.metrics_json(0, 0)["connections_per_channel"];
  EXPECT_EQ(per_channel, (json{{"soporte", 1}}))
      << "Paso 2: connections_per_channel solo lista canales con conexiones; llegó "
      << per_channel.dump();
}

TEST(Paso2_ContadoresDelMonitor, CuentaMensajesYBytes) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto mine = counted();
  const auto id = monitor.opened(ws("ventas"), {}, mine);
  clock.now += 5;
  mine->count_received(100, clock.now);
  mine->count_received(20, clock.now);
  mine->count_sent(300, clock.now);
  EXPECT_EQ(monitor.messages_received(), 2u)
      << "Paso 2: 2 mensajes recibidos (la cuenta de su sesión); llegó "
      << monitor.messages_received();
  EXPECT_EQ(monitor.bytes_received(), 120u)
      << "Paso 2: 100 + 20 bytes recibidos; llegó " << monitor.bytes_received();
  EXPECT_EQ(monitor.messages_sent(), 1u)
      << "Paso 2: 1 mensaje enviado; llegó " << monitor.messages_sent();
  EXPECT_EQ(monitor.bytes_sent(), 300u)
      << "Paso 2: 300 bytes enviados; llegó " << monitor.bytes_sent();
  json conns = monitor.connections_json(10);
  ASSERT_EQ(conns.size(), 1u) << "Paso 2: una conexión viva; llegó " << conns.dump();
  json expected = {{"messages_sent", 1},
                         {"messages_received", 2},
                         {"bytes_sent", 300},
                         {"bytes_received", 120},
                         {"connected_at", "2023-11-14T22:13:20.000Z"},
                         {"last_activity", "2023-11-14T22:13:25.000Z"}};
  for (const auto& [key, value] : expected.items())
    EXPECT_EQ(conns[0][key], value)
        << "Paso 2: la conexión lleva su cuenta en " << key
        << " (last_activity es la hora del último mensaje); llegó " << conns[0].dump();
  // Otra conexión suma a los totales; al cerrarse, lo suyo se queda en ellos.
  auto other = counted();
  const auto second = monitor.opened(ws("soporte"), {}, other);
  other->count_sent(50, clock.now);
  EXPECT_EQ(monitor.bytes_sent(), 350u)
      << "Paso 2: los totales suman todas las conexiones vivas (300 + 50); llegó "
      << monitor.bytes_sent();
  monitor.closed(id);
  mine->count_sent(7, clock.now);  // la sesión escribe aún algo tras cerrarse
  EXPECT_EQ(monitor.messages_sent(), 2u)
      << "Paso 2: una conexión cerrada sigue en los totales con lo que contó hasta cerrarse, "
         "y lo que cuente después no suma; llegó "
      << monitor.messages_sent();
  EXPECT_EQ(monitor.bytes_received(), 120u)
      << "Paso 2: los 120 bytes recibidos de la conexión cerrada siguen en el total; llegó "
      << monitor.bytes_received();
  monitor.closed(second);
  EXPECT_EQ(monitor.bytes_sent(), 350u)
      << "Paso 2: sin conexiones vivas, el total es lo de las cerradas (300 + 50); llegó "
      << monitor.bytes_sent();
}

TEST(Paso2_ContadoresDelMonitor, CuentaErroresPorTipoConUnMaximo) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  for (int i = 0; i < 3; ++i) monitor.error("invalid_json");
  monitor.error("slow_client");
  const std::map<std::string, std::uint64_t> expected = {{"invalid_json", 3}, {"slow_client", 1}};
  EXPECT_EQ(monitor.errors(), expected)
      << "Paso 2: errores por tipo {invalid_json: 3, slow_client: 1}; llegó "
      << json(monitor.errors()).dump();
  for (int i = 0; i < 100; ++i) monitor.error("tipo_" + std::to_string(i));
  EXPECT_LE(monitor.errors().size(), max_error_types + 1)
      << "Paso 2: como mucho " << max_error_types << " tipos más \"other\"; llegó "
      << monitor.errors().size();
  const auto other = monitor.errors().find("other");
  ASSERT_NE(other, monitor.errors().end())
      << "Paso 2: los tipos que no caben se cuentan en \"other\"; llegó "
      << json(monitor.errors()).dump();
  EXPECT_EQ(other->second, 38u) << "Paso 2: 2 tipos + 100 nuevos: 62 caben y 38 van a \"other\"; "
                                   "llegó "
                                << other->second;
}

TEST(Paso2_ContadoresDelMonitor, ErroresPorMinutoConRelojFalso) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  monitor.error("invalid_json");
  clock.now += 30;
  monitor.error("invalid_json");
  monitor.error("slow_client");
  EXPECT_EQ(monitor.errors_per_minute(), 3)
      << "Paso 2: 3 errores en los últimos 60 s; llegó " << monitor.errors_per_minute();
  clock.now = start_time + 61;
  EXPECT_EQ(monitor.errors_per_minute(), 2)
      << "Paso 2: a los 61 s el primer error ya salió de la ventana; llegó "
      << monitor.errors_per_minute();
  clock.now = start_time + 120;  // la misma casilla que el primer error
  monitor.error("invalid_json");
  EXPECT_EQ(monitor.errors_per_minute(), 1)
      << "Paso 2: a los 120 s solo cuenta el error nuevo (la casilla vieja se vacía); llegó "
      << monitor.errors_per_minute();
  clock.now = start_time + 1000;
  EXPECT_EQ(monitor.errors_per_minute(), 0)
      << "Paso 2: sin errores en el último minuto, 0; llegó " << monitor.errors_per_minute();
  EXPECT_EQ(monitor.errors().at("invalid_json"), 3u)
      << "Paso 2: el total por tipo no caduca; llegó " << monitor.errors().at("invalid_json");
}

TEST(Paso2_ContadoresDelMonitor, DuracionMediaDeLasUltimasMil) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  EXPECT_EQ(monitor.avg_connection_duration(), 0)
      << "Paso 2: sin conexiones cerradas la media es 0; llegó "
      << monitor.avg_connection_duration();
  const auto a = monitor.opened(ws("ventas"), {}, {});
  const auto b = monitor.opened(ws("ventas"), {}, {});
  clock.now += 10;
  monitor.closed(a);
  clock.now += 20;
  monitor.closed(b);
  EXPECT_DOUBLE_EQ(monitor.avg_connection_duration(), 20)
      << "Paso 2: duraciones de 10 s y 30 s, media 20; llegó " << monitor.avg_connection_duration();
  for (std::size_t i = 0; i < max_kept_durations; ++i) {
    const auto id = monitor.opened(ws("ventas"), {}, {});
    clock.now += 1;
    monitor.closed(id);
  }
  EXPECT_EQ(monitor.kept_durations(), max_kept_durations)
      << "Paso 2: se guardan solo las " << max_kept_durations << " últimas duraciones; hay "
      << monitor.kept_durations();
  EXPECT_DOUBLE_EQ(monitor.avg_connection_duration(), 1)
      << "Paso 2: las 1000 últimas duran 1 s (las de 10 y 30 ya salieron); llegó "
      << monitor.avg_connection_duration();
}

TEST(Paso2_ContadoresDelMonitor, MemoriaPlanaConCienMilConexiones) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto sub = std::make_shared<fake_subscriber>();
  for (int i = 0; i < 100'000; ++i) {
    auto mine = counted();
    const auto id = monitor.opened(
        ws("canal_" + std::to_string(i % 100), "usuario_" + std::to_string(i % 50)), sub, mine);
    mine->count_received(10, clock.now);
    clock.now += 0.5;
    monitor.closed(id);
  }
  EXPECT_EQ(monitor.total_connections(), 100'000u)
      << "Paso 2: 100000 conexiones aceptadas; llegó " << monitor.total_connections();
  EXPECT_EQ(monitor.current_connections(), 0u)
      << "Paso 2: las conexiones cerradas salen de la tabla; quedan "
      << monitor.current_connections();
  EXPECT_EQ(monitor.active_channels(), 0u)
      << "Paso 2: los canales sin conexiones se borran; quedan " << monitor.active_channels();
  EXPECT_EQ(monitor.users_connected(), 0u)
      << "Paso 2: los usuarios sin conexiones se borran; quedan " << monitor.users_connected();
  EXPECT_LE(monitor.kept_durations(), max_kept_durations)
      << "Paso 2: como mucho " << max_kept_durations << " duraciones; hay "
      << monitor.kept_durations();
  EXPECT_DOUBLE_EQ(monitor.avg_connection_duration(), 0.5)
      << "Paso 2: cada conexión duró 0.5 s; llegó " << monitor.avg_connection_duration();
  EXPECT_EQ(monitor.messages_received(), 100'000u)
      << "Paso 2: los mensajes de las conexiones cerradas siguen en el total; llegó "
      << monitor.messages_received();
}

TEST(Paso2_ContadoresDelMonitor, CuentaLosUsuariosConectados) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto sub = std::make_shared<fake_subscriber>();
  const auto ana_ws = monitor.opened(ws("ventas", "ana"), sub, {});
  const auto ana_sse = monitor.opened({"sse", "", "ana", "10.0.0.2:4000"}, sub, {});
  const auto luis = monitor.opened(ws("ventas", "luis"), sub, {});
  monitor.opened(ws("ventas"), sub, {});
  EXPECT_EQ(monitor.users_connected(), 2u)
      << "Paso 2: ana (con dos conexiones, una WebSocket y otra SSE) y luis cuentan una vez "
         "cada uno y las anónimas no cuentan; llegó "
      << monitor.users_connected();
  monitor.closed(ana_ws);
  EXPECT_EQ(monitor.users_connected(), 2u)
      << "Paso 2: ana sigue conectada por su flujo SSE; llegó " << monitor.users_connected();
  monitor.closed(ana_sse);
  EXPECT_EQ(monitor.users_connected(), 1u)
      << "Paso 2: al cerrar la última conexión de ana, ana deja de contar; llegó "
      << monitor.users_connected();
  monitor.closed(luis);
  EXPECT_EQ(monitor.users_connected(), 0u)
      << "Paso 2: sin conexiones con usuario no queda ninguno; llegó "
      << monitor.users_connected();
}

TEST(Paso2_ContadoresDelMonitor, MetricsJsonTieneLaFormaExacta) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto mine = counted();
  monitor.opened(ws("ventas"), {}, mine);
  mine->count_sent(40, clock.now);
  monitor.error("slow_client");
  clock.now += 90;
  json m = monitor.metrics_json(12.5, 40);
  const std::set<std::string> expected_keys = {"total_connections",
                                               "current_connections",
                                               "connections_per_channel",
                                               "messages_sent",
                                               "messages_received",
                                               "bytes_sent",
                                               "bytes_received",
                                               "avg_connection_duration",
                                               "errors",
                                               "errors_per_minute",
                                               "uptime",
                                               "cpu_usage",
                                               "memory_usage",
                                               "timestamp"};
  EXPECT_EQ(keys_of(m), expected_keys)
      << "Paso 2: metrics_json tiene exactamente estas claves; llegó " << show(keys_of(m));
  json expected = {{"total_connections", 1},
                         {"current_connections", 1},
                         {"connections_per_channel", {{"ventas", 1}}},
                         {"messages_sent", 1},
                         {"bytes_sent", 40},
                         {"errors", {{"slow_client", 1}}},
                         {"errors_per_minute", 0},
                         {"uptime", 90},
                         {"cpu_usage", 12.5},
                         {"memory_usage", 40},
                         {"timestamp", "2023-11-14T22:14:50.000Z"}};
  for (const auto& [key, value] : expected.items())
    EXPECT_EQ(m[key], value) << "Paso 2: metrics_json[\"" << key << "\"] debe ser " << value.dump()
                             << "; llegó " << m[key].dump();
}

TEST(Paso2_ContadoresDelMonitor, ConnectionsJsonLaMasNuevaPrimero) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  monitor.opened({"websocket", "ventas", "ana", "10.0.0.1:5000"}, {}, {});
  clock.now += 1;
  monitor.opened({"sse", "soporte", "", "10.0.0.2:6000"}, {}, {});
  clock.now += 1;
  monitor.opened(ws("ventas"), {}, {});
  json all = monitor.connections_json(10);
  ASSERT_EQ(all.size(), 3u) << "Paso 2: 3 conexiones vivas; llegó " << all.dump();
  EXPECT_EQ(all[0]["id"], 3) << "Paso 2: la más nueva primero; llegó " << all.dump();
  json expected = {{"id", 2},
                         {"transport", "sse"},
                         {"channel", "soporte"},
                         {"user_id", ""},
                         {"remote", "10.0.0.2:6000"},
                         {"connected_at", "2023-11-14T22:13:21.000Z"},
                         {"messages_sent", 0},
                         {"messages_received", 0},
                         {"bytes_sent", 0},
                         {"bytes_received", 0},
                         {"last_activity", "2023-11-14T22:13:21.000Z"}};
  EXPECT_EQ(all[1], expected) << "Paso 2: cada conexión con exactamente estos campos; llegó "
                              << all[1].dump();
  json two = monitor.connections_json(2);
  ASSERT_EQ(two.size(), 2u) << "Paso 2: connections_json(2) devuelve 2; llegó " << two.dump();
  EXPECT_EQ(two[1]["id"], 2) << "Paso 2: las 2 más nuevas son 3 y 2; llegó " << two.dump();
}

TEST(Paso2_ContadoresDelMonitor, ChannelJsonSumaSusConexiones) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto a = counted(), b = counted(), c = counted();
  monitor.opened(ws("ventas", "ana"), {}, a);
  monitor.opened(ws("ventas"), {}, b);
  const auto soporte = monitor.opened(ws("soporte"), {}, c);
  a->count_sent(10, clock.now);
  b->count_sent(10, clock.now);
  b->count_received(5, clock.now);
  c->count_sent(10, clock.now);
  const auto got = monitor.channel_json("ventas");
  ASSERT_TRUE(got.has_value()) << "Paso 2: ventas tiene conexiones; channel_json no es nullopt";
  EXPECT_EQ(keys_of(*got), (std::set<std::string>{"channel", "current_connections", "messages_sent",
                                                  "messages_received", "connections"}))
      << "Paso 2: channel_json tiene exactamente estas claves; llegó " << show(keys_of(*got));
  json summary = {{"channel", "ventas"},
                        {"current_connections", 2},
                        {"messages_sent", 2},
                        {"messages_received", 1}};
  for (const auto& [key, value] : summary.items())
    EXPECT_EQ((*got)[key], value) << "Paso 2: channel_json[\"" << key << "\"] debe ser "
                                  << value.dump() << "; llegó " << (*got)[key].dump();
  EXPECT_EQ((*got)["connections"].size(), 2u)
      << "Paso 2: las 2 conexiones de ventas; llegó " << (*got)["connections"].dump();
  monitor.closed(soporte);
  EXPECT_FALSE(monitor.channel_json("soporte").has_value())
      << "Paso 2: un canal sin conexiones vivas da nullopt; llegó "
      << monitor.channel_json("soporte").value_or(json()).dump();
}

TEST(Paso6_ApiYMetrics, FamiliasDelMonitorEnUnidadesBase) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  auto mine = counted();
  monitor.opened(ws("ventas"), {}, mine);
  monitor.opened(ws("ventas"), {}, {});
  mine->count_sent(64, clock.now);
  monitor.error("invalid_json");
  const auto families = monitor.prometheus_families(50, 25);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"taller_connections_total", "counter"},
      {"taller_connections_current", "gauge"},
      {"taller_channel_connections", "gauge"},
      {"taller_messages_sent_total", "counter"},
      {"taller_messages_received_total", "counter"},
      {"taller_bytes_sent_total", "counter"},
      {"taller_bytes_received_total", "counter"},
      {"taller_errors_total", "counter"},
      {"taller_connection_duration_seconds_avg", "gauge"},
      {"taller_uptime_seconds", "gauge"},
      {"taller_cpu_usage_ratio", "gauge"},
      {"taller_memory_usage_ratio", "gauge"}};
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& f : families) got.emplace_back(f.name, f.type);
  EXPECT_EQ(got, expected) << "Paso 6: las familias, en orden, con su tipo; llegaron "
                           << json(got).dump();
  EXPECT_NO_THROW(format_prometheus(families))
      << "Paso 6: format_prometheus acepta las familias (nombres válidos, counters en _total)";
  // El valor de la primera muestra de la familia con ese nombre (-1 si no hay).
  auto value_of = [&](const std::string& name) {
    for (const auto& f : families)
      if (f.name == name && !f.samples.empty()) return f.samples[0].value;
    return -1.0;
  };
  EXPECT_EQ(value_of("taller_connections_total"), 2)
      << "Paso 6: 2 conexiones aceptadas; llegó " << value_of("taller_connections_total");
  EXPECT_EQ(value_of("taller_bytes_sent_total"), 64)
      << "Paso 6: 64 bytes enviados; llegó " << value_of("taller_bytes_sent_total");
  EXPECT_EQ(value_of("taller_cpu_usage_ratio"), 0.5)
      << "Paso 6: 50 % de CPU se publica como 0.5; llegó " << value_of("taller_cpu_usage_ratio");
  EXPECT_EQ(value_of("taller_memory_usage_ratio"), 0.25)
      << "Paso 6: 25 % de memoria se publica como 0.25; llegó "
      << value_of("taller_memory_usage_ratio");
  const std::string text = format_prometheus(families);
  EXPECT_NE(text.find("taller_channel_connections{channel=\"ventas\"} 2\n"), std::string::npos)
      << "Paso 6: una muestra por canal con su etiqueta; llegó:\n"
      << text;
  EXPECT_NE(text.find("taller_errors_total{type=\"invalid_json\"} 1\n"), std::string::npos)
      << "Paso 6: una muestra por tipo de error; llegó:\n"
      << text;
}

TEST(Paso3_HistorialAcotado, MonitorGuardaUnaMuestraDeCadaTipo) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  const auto id = monitor.opened(ws("ventas"), {}, {});
  monitor.opened(ws("ventas"), {}, {});
  monitor.closed(id);
  auto other = counted();
  monitor.opened(ws("ventas"), {}, other);
  other->count_sent(10, clock.now);
  other->count_received(10, clock.now);
  other->count_received(10, clock.now);
  clock.now += 60;
  monitor.sample_history(12.5, 40);
  const std::vector<std::pair<std::string, json>> expected = {
      {"connections",
       json::array({{{"timestamp", taller::iso_seconds(start_time + 60)}, {"current", 2}, {"total", 3}}})},
      {"messages", json::array({{{"timestamp", taller::iso_seconds(start_time + 60)}, {"sent", 1}, {"received", 2}}})},
      {"system_metrics",
       json::array({{{"timestamp", taller::iso_seconds(start_time + 60)}, {"cpu", 12.5}, {"memory", 40}}})}};
  for (const auto& [type, samples] : expected) {
    const auto got = monitor.history_json(type, 10);
    ASSERT_TRUE(got.has_value()) << "Paso 3: history_json(\"" << type
                                 << "\") existe; llegó nullopt";
    EXPECT_EQ(*got, samples) << "Paso 3: una muestra de " << type
                             << " con la hora del reloj; llegó " << got->dump();
  }
}

TEST(Paso3_HistorialAcotado, MonitorDevuelveLasMasRecientesEnOrden) {
  fake_clock clock;
  connection_monitor monitor(clock.fn(), 5);
  for (int i = 0; i < 8; ++i) {
    monitor.sample_history(i, 0);
    clock.now += 1;
  }
  const auto all = monitor.history_json("system_metrics", 100);
  ASSERT_TRUE(all.has_value()) << "Paso 3: system_metrics existe; llegó nullopt";
  EXPECT_EQ(all->size(), 5u) << "Paso 3: con capacidad 5 quedan 5 muestras aunque se pidan 100; "
                                "llegó "
                             << all->dump();
  const auto last3 = monitor.history_json("system_metrics", 3);
  ASSERT_TRUE(last3.has_value()) << "Paso 3: system_metrics existe; llegó nullopt";
  std::vector<double> cpus;
  for (const auto& s : *last3) cpus.push_back(s["cpu"].get<double>());
  EXPECT_EQ(cpus, (std::vector<double>{5, 6, 7}))
      << "Paso 3: las 3 más recientes, la más antigua primero; llegó " << json(cpus).dump();
}

TEST(Paso3_HistorialAcotado, MonitorRechazaUnTipoDesconocido) {
  fake_clock clock;
  connection_monitor monitor(clock.fn());
  monitor.sample_history(1, 2);
  const auto known = monitor.history_json("messages", 10);
  ASSERT_TRUE(known.has_value()) << "Paso 3: messages es un tipo conocido; llegó nullopt";
  EXPECT_EQ(known->size(), 1u) << "Paso 3: una muestra de messages; llegó " << known->dump();
  const auto unknown = monitor.history_json("disco", 10);
  EXPECT_FALSE(unknown.has_value())
      << "Paso 3: un tipo desconocido da nullopt (el servidor responde 400 invalid_metric_type); llegó "
      << unknown.value_or(json()).dump();
}

}  // namespace
}  // namespace p03::testing
