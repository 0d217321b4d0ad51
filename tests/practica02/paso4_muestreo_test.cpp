// Paso 4 — las dos ideas del muestreo: una muestra por intervalo para todos los
// clientes, y /proc se lee en el worker, nunca en el hilo de red.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "servidor_de_prueba.hpp"

#ifndef TALLER_FIXTURES_DIR
#error "Define TALLER_FIXTURES_DIR con la ruta de tests/practica02/fixtures"
#endif

namespace p02::testing {
namespace {

namespace fs = std::filesystem;

TEST(Paso4_FlujoDeMetricas, TresClientesNoMultiplicanLasMuestras) {
  running_server s;  // intervalo de 200 ms
  sse_client a, b, c;
  for (sse_client* client : {&a, &b, &c})
    ASSERT_TRUE(client->open(s.port(), "/metrics/stream")) << "Paso 4: /metrics/stream no respondió";
  ASSERT_TRUE(a.next_of("metrics", 3s)) << "Paso 4: con interval = 200 ms debe llegar un evento "
                                           "metrics enseguida; no llegó ninguno en 3 s";
  // Con una muestra por intervalo, en 2 s de muestras (según su "timestamp", la
  // hora a la que se tomaron en el servidor) hay como mucho 2 s / 200 ms + 2,
  // haya los clientes que haya; un temporizador por cliente daría el triple.
  // Contar por la hora del servidor, y no por la de llegada, hace la prueba
  // inmune a una máquina cargada que retrasa la lectura del cliente.
  std::optional<double> first;
  int in_window = 0;
  const auto deadline = std::chrono::steady_clock::now() + 8s;
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = a.next_of("metrics", 2s);
    if (!m) break;
    const json sample = m->json();
    if (!sample.contains("timestamp") || !sample["timestamp"].is_number()) continue;
    const double at = sample["timestamp"].get<double>();
    if (!first) first = at;
    if (at >= *first + 2.0) break;
    ++in_window;
  }
  const int most = 2000 / 200 + 2;
  ASSERT_TRUE(first) << "Paso 4: las muestras de metrics llevan \"timestamp\" (un número); no "
                        "llegó ninguna con él";
  EXPECT_GE(in_window, 2) << "Paso 4: en 2 s deberían llegar varias muestras; llegaron "
                          << in_window;
  EXPECT_LE(in_window, most) << "Paso 4: con 3 clientes conectados se tomaron " << in_window
                             << " muestras en 2 s; con interval = 200 ms se esperan como mucho "
                             << most
                             << ": se muestrea una vez por intervalo para todos, no una por "
                                "cliente";
}

// Un /proc de pruebas en el que proc/loadavg es una FIFO: quien la lee se queda
// esperando hasta que la prueba escribe. Así la prueba sabe cuándo hay una
// muestra a medias y puede comprobar que el servidor sigue atendiendo.
class blocking_proc {
 public:
  blocking_proc() {
    // Escribir en una FIFO cuyo lector ya cerró manda SIGPIPE, que terminaría el
    // proceso de pruebas: aquí basta con que write() devuelva EPIPE.
    previous_sigpipe_ = ::signal(SIGPIPE, SIG_IGN);
    root_ = fs::temp_directory_path() / ("p02_fifo_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy(fs::path(TALLER_FIXTURES_DIR) / "muestra1", root_, fs::copy_options::recursive);
    std::ifstream original(fifo());
    std::ostringstream text;
    text << original.rdbuf();
    content_ = text.str();
  }
  ~blocking_proc() {
    stop_feeding();
    fs::remove_all(root_);
    ::signal(SIGPIPE, previous_sigpipe_);
  }
  blocking_proc(const blocking_proc&) = delete;
  blocking_proc& operator=(const blocking_proc&) = delete;

  std::string root() const { return root_.string(); }

  // Cambia proc/loadavg por la FIFO (de golpe, con rename): la muestra de
  // referencia del arranque ya se tomó con el fichero normal.
  bool arm() {
    const fs::path fresh = root_ / "proc" / "loadavg.fifo";
    if (::mkfifo(fresh.c_str(), 0600) != 0) return false;
    return ::rename(fresh.c_str(), fifo().c_str()) == 0;
  }

  // Espera a que alguien abra la FIFO para leer y abre el extremo de escritura
  // sin escribir nada: el lector queda bloqueado en read() hasta release().
  bool wait_for_reader(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      writer_ = ::open(fifo().c_str(), O_WRONLY | O_NONBLOCK);
      if (writer_ >= 0) return true;
      if (errno != ENXIO) return false;
      std::this_thread::sleep_for(5ms);  // sondeo de un suceso, con plazo
    }
    return false;
  }

  // Da su contenido al lector que espera y, desde entonces, a cada lectura.
  void release() {
    if (writer_ >= 0) {
      write_all(writer_);
      ::close(writer_);
      writer_ = -1;
    }
    feeder_ = std::thread([this] {
      while (!stop_) {
        const int fd = ::open(fifo().c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) {
          write_all(fd);
          ::close(fd);
        } else {
          std::this_thread::sleep_for(2ms);
        }
      }
    });
  }

  void stop_feeding() {
    stop_ = true;
    if (feeder_.joinable()) feeder_.join();
    if (writer_ >= 0) ::close(writer_);
    writer_ = -1;
  }

 private:
  fs::path fifo() const { return root_ / "proc" / "loadavg"; }
  void write_all(int fd) const {
    std::size_t done = 0;
    while (done < content_.size()) {
      const auto n = ::write(fd, content_.data() + done, content_.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }

  fs::path root_;
  std::string content_;
  sighandler_t previous_sigpipe_ = SIG_DFL;
  int writer_ = -1;
  std::atomic<bool> stop_{false};
  std::thread feeder_;
};

TEST(Paso4_FlujoDeMetricas, LeerProcNoDetieneAlServidor) {
  blocking_proc proc;  // se destruye después del servidor: desbloquea al worker
  server_options o = test_options();
  o.proc_root = proc.root();
  running_server s(o);
  ASSERT_TRUE(proc.arm()) << "Paso 4: no se pudo preparar la FIFO de la prueba";
  sse_client c;
  ASSERT_TRUE(c.open(s.port(), "/metrics/stream")) << "Paso 4: /metrics/stream no respondió";

  const bool sampling = proc.wait_for_reader(3s);
  if (!sampling) proc.release();
  ASSERT_TRUE(sampling) << "Paso 4: en 3 s el servidor no leyó proc/loadavg ni una vez; con "
                           "interval = 200 ms debe muestrear cada intervalo";
  // Ahora hay una muestra esperando a /proc. El servidor debe seguir atendiendo.
  httplib::Client http("127.0.0.1", s.port());
  http.set_connection_timeout(2, 0);
  http.set_read_timeout(2, 0);
  auto res = http.Get("/sse/stats");
  proc.release();
  EXPECT_TRUE(res && res->status == 200)
      << "Paso 4: mientras una muestra esperaba a /proc, GET /sse/stats no respondió en 2 s: "
         "/proc se lee en el worker (net::post(worker, …)), nunca en el hilo de red, que "
         "atiende a todos los clientes";
  auto m = c.next_of("metrics", 3s);
  EXPECT_TRUE(m) << "Paso 4: cuando /proc responde, la muestra llega al flujo como evento "
                    "metrics; no llegó en 3 s";
}

}  // namespace
}  // namespace p02::testing
