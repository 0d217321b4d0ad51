// Paso 3 — historial acotado: el búfer circular y las muestras en JSON.
#include <gtest/gtest.h>

#include <vector>

#include "p03/history.hpp"

namespace p03::testing {
namespace {

using nlohmann::json;

// Los timestamps de unas muestras, en el orden en que llegan.
std::vector<double> timestamps(const std::vector<messages_sample>& samples) {
  std::vector<double> out;
  for (const auto& s : samples) out.push_back(s.timestamp);
  return out;
}

// Texto para los mensajes de error: [t1, t2, ...].
std::string show(const std::vector<double>& values) { return json(values).dump(); }

// Mete n muestras con timestamp first, first + 1, ...
void push_samples(ring<messages_sample>& history, int first, int n) {
  for (int i = first; i < first + n; ++i)
    history.push({static_cast<double>(i), static_cast<std::uint64_t>(i), 0});
}

TEST(Paso3_HistorialAcotado, GuardaEnOrdenMientrasCabe) {
  ring<messages_sample> history(5);
  push_samples(history, 0, 3);
  EXPECT_EQ(history.size(), 3u) << "Paso 3: tras 3 push en un búfer de 5 debe haber 3; hay "
                                << history.size();
  const auto all = timestamps(history.last(3));
  EXPECT_EQ(all, (std::vector<double>{0, 1, 2}))
      << "Paso 3: last(3) devuelve las 3 muestras de la más antigua a la más nueva; llegó "
      << show(all);
  const auto more = timestamps(history.last(10));
  EXPECT_EQ(more, (std::vector<double>{0, 1, 2}))
      << "Paso 3: si se piden más de las que hay, last(n) devuelve todas; llegó " << show(more);
}

TEST(Paso3_HistorialAcotado, NoPasaDeMilConDiezMilMuestras) {
  ring<messages_sample> history;
  EXPECT_EQ(history.capacity(), 1000u)
      << "Paso 3: la capacidad por omisión es 1000; es " << history.capacity();
  push_samples(history, 0, 10000);
  EXPECT_EQ(history.size(), 1000u)
      << "Paso 3: tras 10000 push el búfer sigue con 1000 muestras; tiene " << history.size();
  const auto all = timestamps(history.last(1000));
  ASSERT_EQ(all.size(), 1000u) << "Paso 3: last(1000) debe devolver 1000 muestras; devolvió "
                               << all.size();
  for (std::size_t i = 0; i < all.size(); ++i)
    ASSERT_EQ(all[i], 9000.0 + static_cast<double>(i))
        << "Paso 3: quedan las 1000 últimas (9000..9999) en orden; en la posición " << i
        << " llegó " << all[i];
}

TEST(Paso3_HistorialAcotado, SobrescribeLaMasAntiguaAlDarLaVuelta) {
  ring<messages_sample> history(3);
  push_samples(history, 0, 5);  // 0 y 1 se sobrescriben: quedan 2, 3 y 4
  EXPECT_EQ(history.size(), 3u) << "Paso 3: un búfer de 3 nunca guarda más de 3; guarda "
                                << history.size();
  const auto all = timestamps(history.last(3));
  EXPECT_EQ(all, (std::vector<double>{2, 3, 4}))
      << "Paso 3: tras meter 0..4 en un búfer de 3 quedan 2, 3 y 4 en orden; llegó " << show(all);
  const auto two = timestamps(history.last(2));
  EXPECT_EQ(two, (std::vector<double>{3, 4}))
      << "Paso 3: last(2) son las 2 más nuevas, la más antigua primero; llegó " << show(two);
  const auto none = timestamps(history.last(0));
  EXPECT_TRUE(none.empty()) << "Paso 3: last(0) no devuelve ninguna muestra; llegó " << show(none);
}

TEST(Paso3_HistorialAcotado, LastDevuelveLasMasRecientesEnOrden) {
  ring<messages_sample> history;
  push_samples(history, 0, 1500);
  const auto newest = timestamps(history.last(5));
  EXPECT_EQ(newest, (std::vector<double>{1495, 1496, 1497, 1498, 1499}))
      << "Paso 3: last(5) tras 1500 push son 1495..1499, la más antigua primero; llegó "
      << show(newest);
}

TEST(Paso3_HistorialAcotado, MuestraDeConexionesEnJson) {
  ring<connections_sample> history;
  history.push({12.5, 3, 40});
  const auto got = history.last(1);
  ASSERT_EQ(got.size(), 1u) << "Paso 3: tras un push, last(1) devuelve esa muestra; devolvió "
                            << got.size();
  json expected = {{"timestamp", "1970-01-01T00:00:12.500Z"}, {"current", 3}, {"total", 40}};
  EXPECT_EQ(got[0].to_json(), expected)
      << "Paso 3: una muestra de conexiones es exactamente {timestamp,current,total}; llegó "
      << got[0].to_json().dump();
}

TEST(Paso3_HistorialAcotado, MuestraDeMensajesEnJson) {
  ring<messages_sample> history;
  history.push({7.0, 120, 80});
  const auto got = history.last(1);
  ASSERT_EQ(got.size(), 1u) << "Paso 3: tras un push, last(1) devuelve esa muestra; devolvió "
                            << got.size();
  json expected = {{"timestamp", "1970-01-01T00:00:07.000Z"}, {"sent", 120}, {"received", 80}};
  EXPECT_EQ(got[0].to_json(), expected)
      << "Paso 3: una muestra de mensajes es exactamente {timestamp,sent,received}; llegó "
      << got[0].to_json().dump();
}

TEST(Paso3_HistorialAcotado, MuestraDeSistemaEnJson) {
  ring<system_sample> history;
  history.push({1.5, 42.5, 63.2});
  const auto got = history.last(1);
  ASSERT_EQ(got.size(), 1u) << "Paso 3: tras un push, last(1) devuelve esa muestra; devolvió "
                            << got.size();
  json expected = {{"timestamp", "1970-01-01T00:00:01.500Z"}, {"cpu", 42.5}, {"memory", 63.2}};
  EXPECT_EQ(got[0].to_json(), expected)
      << "Paso 3: una muestra del sistema es exactamente {timestamp,cpu,memory}; llegó "
      << got[0].to_json().dump();
}

}  // namespace
}  // namespace p03::testing
