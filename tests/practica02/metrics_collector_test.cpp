// Tests del colector de métricas (práctica 2). Cada test copia una instantánea de
// fixtures/ a un directorio temporal, inyecta reloj y statvfs, y comprueba cifras
// exactas que se pueden calcular a mano:
//
//   muestra1 → muestra2 (2 s después en el reloj inyectado)
//   CPU total:  ocupado +50, total +200 (sin 10 de guest)  → 25.0 %
//   cpu0:       ocupado +40, total +100                     → 40.0 %
//   cpu1:       ocupado +10, total +100                     → 10.0 %
//   Memoria:    total 3072 MB, disponible 2048 MB           → 33.3 %; usada 3072-1024-128-384-64 = 1472 MB
//   Disco:      total 100 GiB, libre 40 GiB, avail 35 GiB   → usado 60, 60/(60+35) = 63.2 %
//   Red (sin lo): recibidos 3 → 5 MiB, enviados 1 → 2 MiB   → 1048576 y 524288 B/s
//   Proceso:    utime+stime 600 → 700 ticks a 100 Hz = 1 s en 2 s → 50.0 %; RSS 2560 páginas × 4096 = 10 MB
#include "p02/metrics_collector.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

#ifndef TALLER_FIXTURES_DIR
#error "Define TALLER_FIXTURES_DIR con la ruta de tests/practica02/fixtures"
#endif

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Valor en una ruta tipo "/cpu/percent_total"; null si no existe.
json campo(const json& muestra, const std::string& ruta) {
  const json::json_pointer puntero(ruta);
  return muestra.contains(puntero) ? muestra.at(puntero) : json();
}

// Número de un valor JSON; NaN si no es un número, para que el EXPECT falle.
double numero(const json& valor) { return valor.is_number() ? valor.get<double>() : std::nan(""); }

// Texto que se añade a cada mensaje de error con lo que llegó de verdad.
std::string salio(const json& valor) { return " (salió " + valor.dump() + ")"; }

// Banco de pruebas común: un /proc falso en un directorio temporal y ganchos fijos.
class BancoDePruebas : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    raiz_ = fs::temp_directory_path() /
            ("p02_metricas_" + std::to_string(::getpid()) + "_" + test->name());
    fs::remove_all(raiz_);
    fs::create_directories(raiz_);
    cargar("muestra1");
  }

  void TearDown() override { fs::remove_all(raiz_); }

  // Copia encima una instantánea entera de fixtures/.
  void cargar(const std::string& instantanea) {
    fs::copy(fs::path(TALLER_FIXTURES_DIR) / instantanea, raiz_,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }

  // Sustituye un único fichero por el del caso indicado (p. ej. "malformado").
  void sustituir(const std::string& caso, const std::string& relativo) {
    fs::copy_file(fs::path(TALLER_FIXTURES_DIR) / caso / relativo, raiz_ / relativo,
                  fs::copy_options::overwrite_existing);
  }

  void borrar(const std::string& relativo) { fs::remove_all(raiz_ / relativo); }

  p02::metrics_collector crear() {
    p02::collector_options opciones;
    opciones.root = raiz_;
    opciones.disk_path = "/datos";
    opciones.steady_clock = [this] { return reloj_; };
    opciones.wall_clock = [] { return 1700000000.5; };
    opciones.disk_space_of = [this](const fs::path& ruta) {
      ruta_disco_ = ruta;
      return disco_;
    };
    opciones.page_size = 4096;
    opciones.ticks_per_second = 100.0;
    return p02::metrics_collector(opciones);
  }

  // Toma la primera muestra con muestra1 y la segunda con muestra2, 2 s después.
  json segunda_muestra(p02::metrics_collector& colector) {
    colector.sample();
    cargar("muestra2");
    reloj_ += 2.0;
    return colector.sample();
  }

  fs::path raiz_;
  double reloj_ = 1000.0;
  std::optional<p02::disk_space> disco_ =
      p02::disk_space{std::uint64_t{100} << 30, std::uint64_t{40} << 30, std::uint64_t{35} << 30};
  fs::path ruta_disco_;
};

class Paso1_CpuYMemoria : public BancoDePruebas {};
class Paso2_DiscoRedProceso : public BancoDePruebas {};

// ------------------------------------------------------------------ Paso 1

TEST_F(Paso1_CpuYMemoria, PrimeraMuestraEsLaReferencia) {
  auto colector = crear();
  json muestra = colector.sample();
  json total = campo(muestra, "/cpu/percent_total");
  EXPECT_DOUBLE_EQ(numero(total), 0.0)
      << "Paso 1: la primera muestra solo fija la referencia, la CPU total debe ser 0.0 %"
      << salio(total);
  json nucleos = campo(muestra, "/cpu/percent_per_core");
  EXPECT_EQ(nucleos, json::array({0.0, 0.0}))
      << "Paso 1: en la primera muestra cada núcleo debe dar 0.0 %, es decir [0.0,0.0]"
      << salio(nucleos);
}

TEST_F(Paso1_CpuYMemoria, PorcentajeDesdeDeltasDeTicks) {
  auto colector = crear();
  json total = campo(segunda_muestra(colector), "/cpu/percent_total");
  EXPECT_DOUBLE_EQ(numero(total), 25.0)
      << "Paso 1: con estos ticks la CPU total debe ser 25.0 % (ocupado 50 de 200; guest no "
         "cuenta en el total)"
      << salio(total);
}

TEST_F(Paso1_CpuYMemoria, PorcentajePorNucleo) {
  auto colector = crear();
  json nucleos = campo(segunda_muestra(colector), "/cpu/percent_per_core");
  ASSERT_TRUE(nucleos.is_array() && nucleos.size() == 2)
      << "Paso 1: percent_per_core debe ser una lista con 2 núcleos" << salio(nucleos);
  EXPECT_DOUBLE_EQ(numero(nucleos[0]), 40.0)
      << "Paso 1: cpu0 debe ser 40.0 % (ocupado 40 de 100, sin contar iowait ni guest)"
      << salio(nucleos[0]);
  EXPECT_DOUBLE_EQ(numero(nucleos[1]), 10.0)
      << "Paso 1: cpu1 debe ser 10.0 % (ocupado 10 de 100)" << salio(nucleos[1]);
}

TEST_F(Paso1_CpuYMemoria, CuentaNucleosYFrecuenciaMedia) {
  auto colector = crear();
  json muestra = colector.sample();
  json cuenta = campo(muestra, "/cpu/count");
  EXPECT_EQ(cuenta, json(2)) << "Paso 1: hay 2 líneas cpuN, count debe ser 2" << salio(cuenta);
  json frecuencia = campo(muestra, "/cpu/frequency_mhz");
  EXPECT_DOUBLE_EQ(numero(frecuencia), 2100.0)
      << "Paso 1: la frecuencia debe ser la media de 2400 y 1800 MHz = 2100.0" << salio(frecuencia);
}

TEST_F(Paso1_CpuYMemoria, SinCpufreqLaFrecuenciaEsNull) {
  borrar("sys");
  auto colector = crear();
  json muestra = colector.sample();
  json frecuencia = campo(muestra, "/cpu/frequency_mhz");
  EXPECT_TRUE(frecuencia.is_null())
      << "Paso 1: sin sys/.../cpufreq la frecuencia debe ser null" << salio(frecuencia);
  json cuenta = campo(muestra, "/cpu/count");
  EXPECT_EQ(cuenta, json(2)) << "Paso 1: sin cpufreq el resto de la CPU sigue: count debe ser 2"
                             << salio(cuenta);
}

TEST_F(Paso1_CpuYMemoria, MemoriaDesdeMemAvailable) {
  auto colector = crear();
  json memoria = colector.sample()["memory"];
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/percent")), 33.3)
      << "Paso 1: (3072 - 2048) / 3072 MB da 33.3 % (redondeado a 1 decimal)"
      << salio(campo(memoria, "/percent"));
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/total_mb")), 3072.0)
      << "Paso 1: MemTotal 3145728 kB son 3072.0 MB" << salio(campo(memoria, "/total_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/available_mb")), 2048.0)
      << "Paso 1: MemAvailable 2097152 kB son 2048.0 MB" << salio(campo(memoria, "/available_mb"));
}

TEST_F(Paso1_CpuYMemoria, MemoriaUsadaComoPsutil) {
  auto colector = crear();
  json usada = campo(colector.sample(), "/memory/used_mb");
  EXPECT_DOUBLE_EQ(numero(usada), 1472.0) << "Paso 1: usada = 3072 - 1024 libre - 128 buffers - "
                                             "384 cached - 64 SReclaimable = 1472.0 MB"
                                          << salio(usada);
}

TEST_F(Paso1_CpuYMemoria, MemoriaDeContenedorComoPsutil) {
  sustituir("contenedor", "proc/meminfo");
  auto colector = crear();
  json memoria = colector.sample()["memory"];
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/used_mb")), 512.0)
      << "Paso 1: si la usada sale negativa, psutil usa total - libre = 1024 - 512 = 512.0 MB"
      << salio(campo(memoria, "/used_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/available_mb")), 512.0)
      << "Paso 1: si MemAvailable supera al total, psutil usa MemFree = 512.0 MB"
      << salio(campo(memoria, "/available_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(memoria, "/percent")), 50.0)
      << "Paso 1: con disponible 512 de 1024 MB el porcentaje debe ser 50.0 %"
      << salio(campo(memoria, "/percent"));
}

TEST_F(Paso1_CpuYMemoria, SinMeminfoLaMemoriaEsNullYElRestoFunciona) {
  borrar("proc/meminfo");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/memory").is_null())
      << "Paso 1: sin proc/meminfo la memoria debe ser null" << salio(campo(muestra, "/memory"));
  EXPECT_EQ(campo(muestra, "/cpu/count"), json(2))
      << "Paso 1: sin meminfo la CPU debe seguir funcionando con count 2"
      << salio(campo(muestra, "/cpu/count"));
  EXPECT_EQ(campo(muestra, "/load_average"), json::array({0.5, 1.25, 2.0}))
      << "Paso 1: la carga media debe seguir siendo [0.5,1.25,2.0]"
      << salio(campo(muestra, "/load_average"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/uptime_s")), 12345.67)
      << "Paso 1: uptime_s debe seguir siendo 12345.67" << salio(campo(muestra, "/uptime_s"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/timestamp")), 1700000000.5)
      << "Paso 1: timestamp debe venir del reloj inyectado" << salio(campo(muestra, "/timestamp"));
}

TEST_F(Paso1_CpuYMemoria, SinStatLaCpuEsNullYElRestoFunciona) {
  borrar("proc/stat");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/cpu").is_null())
      << "Paso 1: sin proc/stat la CPU debe ser null" << salio(campo(muestra, "/cpu"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/memory/used_mb")), 1472.0)
      << "Paso 1: sin proc/stat la memoria usada debe seguir siendo 1472.0 MB"
      << salio(campo(muestra, "/memory/used_mb"));
}

TEST_F(Paso1_CpuYMemoria, StatMalformadoNoRompe) {
  sustituir("malformado", "proc/stat");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/cpu").is_null())
      << "Paso 1: un proc/stat mal formado cuenta como ausente: la CPU debe ser null"
      << salio(campo(muestra, "/cpu"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/memory/percent")), 33.3)
      << "Paso 1: con proc/stat mal formado la memoria debe seguir dando 33.3 %"
      << salio(campo(muestra, "/memory/percent"));
}

TEST_F(Paso1_CpuYMemoria, MeminfoMalformadoNoRompe) {
  auto colector = crear();
  colector.sample();
  cargar("muestra2");
  sustituir("malformado", "proc/meminfo");
  reloj_ += 2.0;
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/memory").is_null())
      << "Paso 1: un proc/meminfo mal formado cuenta como ausente: la memoria debe ser null"
      << salio(campo(muestra, "/memory"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/cpu/percent_total")), 25.0)
      << "Paso 1: con meminfo mal formado la CPU total debe seguir dando 25.0 %"
      << salio(campo(muestra, "/cpu/percent_total"));
}

// ------------------------------------------------------------------ Paso 2

TEST_F(Paso2_DiscoRedProceso, DiscoExcluyeBloquesReservados) {
  auto colector = crear();
  json disco = colector.sample()["disk"];
  EXPECT_EQ(ruta_disco_, fs::path("/datos"))
      << "Paso 2: hay que medir options.disk_path (/datos) y se midió " << ruta_disco_;
  EXPECT_DOUBLE_EQ(numero(campo(disco, "/percent")), 63.2)
      << "Paso 2: usado 60 GiB y libre para usuarios 35 GiB: 60 / (60 + 35) = 63.2 %"
      << salio(campo(disco, "/percent"));
  EXPECT_DOUBLE_EQ(numero(campo(disco, "/total_gb")), 100.0)
      << "Paso 2: total_gb debe ser 100.0" << salio(campo(disco, "/total_gb"));
  EXPECT_DOUBLE_EQ(numero(campo(disco, "/used_gb")), 60.0)
      << "Paso 2: used_gb = total - free = 100 - 40 = 60.0" << salio(campo(disco, "/used_gb"));
  EXPECT_DOUBLE_EQ(numero(campo(disco, "/free_gb")), 35.0)
      << "Paso 2: free_gb es lo libre para usuarios (avail) = 35.0"
      << salio(campo(disco, "/free_gb"));
}

TEST_F(Paso2_DiscoRedProceso, SinStatvfsElDiscoEsNullYElRestoFunciona) {
  disco_ = std::nullopt;
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/disk").is_null())
      << "Paso 2: si statvfs falla el disco debe ser null" << salio(campo(muestra, "/disk"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/network/bytes_recv_mb")), 3.0)
      << "Paso 2: sin disco la red debe seguir dando 3.0 MB recibidos"
      << salio(campo(muestra, "/network/bytes_recv_mb"));
}

TEST_F(Paso2_DiscoRedProceso, RedSumaInterfacesMenosLo) {
  auto colector = crear();
  json red = colector.sample()["network"];
  EXPECT_DOUBLE_EQ(numero(campo(red, "/bytes_recv_mb")), 3.0)
      << "Paso 2: eth0 (2 MiB) + wlan0 (1 MiB) recibidos, sin lo, son 3.0 MB"
      << salio(campo(red, "/bytes_recv_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/bytes_sent_mb")), 1.0)
      << "Paso 2: eth0 (768 KiB) + wlan0 (256 KiB) enviados, sin lo, son 1.0 MB"
      << salio(campo(red, "/bytes_sent_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/recv_bytes_per_s")), 0.0)
      << "Paso 2: en la primera muestra la velocidad de recepción debe ser 0.0"
      << salio(campo(red, "/recv_bytes_per_s"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/sent_bytes_per_s")), 0.0)
      << "Paso 2: en la primera muestra la velocidad de envío debe ser 0.0"
      << salio(campo(red, "/sent_bytes_per_s"));
}

TEST_F(Paso2_DiscoRedProceso, VelocidadDeRedConElRelojInyectado) {
  auto colector = crear();
  json red = segunda_muestra(colector)["network"];
  EXPECT_DOUBLE_EQ(numero(campo(red, "/recv_bytes_per_s")), 1048576.0)
      << "Paso 2: 2 MiB más recibidos en 2 s del reloj son 1048576.0 B/s"
      << salio(campo(red, "/recv_bytes_per_s"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/sent_bytes_per_s")), 524288.0)
      << "Paso 2: 1 MiB más enviado en 2 s del reloj son 524288.0 B/s"
      << salio(campo(red, "/sent_bytes_per_s"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/bytes_recv_mb")), 5.0)
      << "Paso 2: en la segunda muestra se han recibido 5.0 MB"
      << salio(campo(red, "/bytes_recv_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(red, "/bytes_sent_mb")), 2.0)
      << "Paso 2: en la segunda muestra se han enviado 2.0 MB"
      << salio(campo(red, "/bytes_sent_mb"));
}

TEST_F(Paso2_DiscoRedProceso, MemoriaDelProcesoDesdeStatm) {
  auto colector = crear();
  json memoria = campo(colector.sample(), "/process/memory_mb");
  EXPECT_DOUBLE_EQ(numero(memoria), 10.0)
      << "Paso 2: 2560 páginas residentes × 4096 bytes son 10.0 MB" << salio(memoria);
}

TEST_F(Paso2_DiscoRedProceso, CpuDelProcesoDesdeTicks) {
  auto colector = crear();
  json primera = campo(colector.sample(), "/process/cpu_percent");
  EXPECT_DOUBLE_EQ(numero(primera), 0.0)
      << "Paso 2: la primera muestra fija la referencia, la CPU del proceso debe ser 0.0 %"
      << salio(primera);
  cargar("muestra2");
  reloj_ += 2.0;
  json segunda = campo(colector.sample(), "/process/cpu_percent");
  EXPECT_DOUBLE_EQ(numero(segunda), 50.0)
      << "Paso 2: 100 ticks (1 s a 100 Hz) de CPU en 2 s de reloj son 50.0 %" << salio(segunda);
}

TEST_F(Paso2_DiscoRedProceso, SinNetDevLaRedEsNullYElRestoFunciona) {
  borrar("proc/net/dev");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/network").is_null())
      << "Paso 2: sin proc/net/dev la red debe ser null" << salio(campo(muestra, "/network"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/process/memory_mb")), 10.0)
      << "Paso 2: sin red la memoria del proceso debe seguir siendo 10.0 MB"
      << salio(campo(muestra, "/process/memory_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/disk/percent")), 63.2)
      << "Paso 2: sin red el disco debe seguir dando 63.2 %"
      << salio(campo(muestra, "/disk/percent"));
}

TEST_F(Paso2_DiscoRedProceso, SinFicherosDelProcesoSusCamposSonNull) {
  borrar("proc/self");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/process/memory_mb").is_null())
      << "Paso 2: sin proc/self/statm memory_mb debe ser null"
      << salio(campo(muestra, "/process/memory_mb"));
  EXPECT_TRUE(campo(muestra, "/process/cpu_percent").is_null())
      << "Paso 2: sin proc/self/stat cpu_percent debe ser null"
      << salio(campo(muestra, "/process/cpu_percent"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/network/bytes_sent_mb")), 1.0)
      << "Paso 2: sin proc/self la red debe seguir dando 1.0 MB enviados"
      << salio(campo(muestra, "/network/bytes_sent_mb"));
}

TEST_F(Paso2_DiscoRedProceso, NetDevMalformadoNoRompe) {
  sustituir("malformado", "proc/net/dev");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/network").is_null())
      << "Paso 2: un proc/net/dev mal formado cuenta como ausente: la red debe ser null"
      << salio(campo(muestra, "/network"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/process/memory_mb")), 10.0)
      << "Paso 2: con net/dev mal formado la memoria del proceso debe seguir siendo 10.0 MB"
      << salio(campo(muestra, "/process/memory_mb"));
}

TEST_F(Paso2_DiscoRedProceso, ProcesoMalformadoNoRompe) {
  sustituir("malformado", "proc/self/stat");
  sustituir("malformado", "proc/self/statm");
  auto colector = crear();
  json muestra = colector.sample();
  EXPECT_TRUE(campo(muestra, "/process/cpu_percent").is_null())
      << "Paso 2: un proc/self/stat sin ')' cuenta como ausente: cpu_percent debe ser null"
      << salio(campo(muestra, "/process/cpu_percent"));
  EXPECT_TRUE(campo(muestra, "/process/memory_mb").is_null())
      << "Paso 2: un proc/self/statm sin números cuenta como ausente: memory_mb debe ser null"
      << salio(campo(muestra, "/process/memory_mb"));
  EXPECT_DOUBLE_EQ(numero(campo(muestra, "/network/bytes_recv_mb")), 3.0)
      << "Paso 2: con proc/self mal formado la red debe seguir dando 3.0 MB recibidos"
      << salio(campo(muestra, "/network/bytes_recv_mb"));
}

}  // namespace
