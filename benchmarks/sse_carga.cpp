// sse_carga: abre N flujos SSE a la vez contra un servidor de 127.0.0.1,
// publica difusiones con POST y mide cuántos flujos reciben cada una y cuánto
// tardan. Todos los flujos los atiende un solo hilo con Asio (como el servidor).
//
//   sse_carga --port 8000 --streams 1000 --broadcasts 20
//   sse_carga --port 9000 --streams 20 --path /eventos --post-path /difundir
#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "taller/args.hpp"
#include "taller/net.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// Un flujo: conecta, envía el GET y cuenta las difusiones que le llegan.
struct stream : std::enable_shared_from_this<stream> {
  stream(net::io_context& ioc, std::vector<std::vector<clock_type::time_point>>& arrivals,
         std::size_t index)
      : socket(ioc), arrivals(arrivals), index(index) {}

  void start(const tcp::endpoint& ep, const std::string& path) {
    request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    socket.async_connect(ep, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      net::async_write(self->socket, net::buffer(self->request),
                       [self](beast::error_code ec2, std::size_t) {
                         if (!ec2) self->read();
                       });
    });
  }

  // Cuenta las apariciones de "\"seq\":" en lo que llega (una por difusión);
  // guarda los últimos bytes por si el marcador cae partido entre dos lecturas.
  void read() {
    socket.async_read_some(net::buffer(chunk), [self = shared_from_this()](beast::error_code ec,
                                                                            std::size_t n) {
      if (ec) return;
      self->tail.append(self->chunk.data(), n);
      for (std::size_t pos; (pos = self->tail.find("\"seq\":")) != std::string::npos;) {
        self->arrivals[self->index].push_back(clock_type::now());
        self->tail.erase(0, pos + 6);
      }
      if (self->tail.size() > 8) self->tail.erase(0, self->tail.size() - 8);
      self->read();
    });
  }

  tcp::socket socket;
  std::vector<std::vector<clock_type::time_point>>& arrivals;
  std::size_t index;
  std::string request, tail;
  std::array<char, 4096> chunk{};
};

}  // namespace

int main(int argc, char** argv) {
  taller::cli_args args("sse_carga", "Prueba de carga de flujos SSE en 127.0.0.1.",
                        {{"port", "8000", "puerto del servidor"},
                         {"streams", "1000", "flujos simultáneos"},
                         {"broadcasts", "20", "difusiones que se publican"},
                         {"path", "/sse/events?channel=carga", "ruta del flujo"},
                         {"post-path", "/sse/broadcast/carga", "ruta del POST de difusión"},
                         {"wait", "5", "segundos de espera máxima por difusión"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();
  const auto port = static_cast<unsigned short>(args.integer("port", 1, 65535));
  const auto n = static_cast<std::size_t>(args.integer("streams", 1, 20000));
  const auto broadcasts = static_cast<int>(args.integer("broadcasts", 1, 10000));
  const auto wait = std::chrono::seconds(args.integer("wait", 1, 60));

  net::io_context ioc;
  std::vector<std::vector<clock_type::time_point>> arrivals(n);
  const tcp::endpoint ep{net::ip::make_address("127.0.0.1"), port};
  std::vector<std::shared_ptr<stream>> streams;
  for (std::size_t i = 0; i < n; ++i) {
    streams.push_back(std::make_shared<stream>(ioc, arrivals, i));
    streams.back()->start(ep, args.str("path"));
  }
  auto guard = net::make_work_guard(ioc);
  std::thread io([&] { ioc.run(); });

  // Espera a que los flujos estén abiertos: una difusión de calentamiento.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(10, 0);
  std::vector<double> latencies_ms;
  std::size_t worst_missing = 0;
  for (int b = 0; b < broadcasts; ++b) {
    net::post(ioc, [] {});  // nada: solo para que el hilo de red siga vivo
    std::vector<std::size_t> before(n);
    {
      std::promise<void> p;
      net::post(ioc, [&] {
        for (std::size_t i = 0; i < n; ++i) before[i] = arrivals[i].size();
        p.set_value();
      });
      p.get_future().wait();
    }
    const auto sent = clock_type::now();
    auto res = http.Post(args.str("post-path"), "{\"seq\":" + std::to_string(b) + "}",
                         "application/json");
    if (!res) {
      std::cerr << "el POST de difusión falló: " << httplib::to_string(res.error()) << '\n';
      break;
    }
    // Espera (con plazo) a que todos los flujos reciban esta difusión.
    std::size_t received = 0;
    clock_type::time_point last = sent;
    for (auto deadline = sent + wait; clock_type::now() < deadline;) {
      std::promise<std::pair<std::size_t, clock_type::time_point>> p;
      net::post(ioc, [&] {
        std::size_t count = 0;
        clock_type::time_point latest = sent;
        for (std::size_t i = 0; i < n; ++i)
          if (arrivals[i].size() > before[i]) {
            ++count;
            latest = std::max(latest, arrivals[i][before[i]]);
          }
        p.set_value({count, latest});
      });
      std::tie(received, last) = p.get_future().get();
      if (received == n) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    worst_missing = std::max(worst_missing, n - received);
    if (received == n)
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(last - sent).count());
    std::cout << "difusión " << b << ": " << received << "/" << n << " flujos" << std::endl;
  }
  guard.reset();
  ioc.stop();
  io.join();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::cout << "\nflujos: " << n << ", difusiones completas: " << latencies_ms.size() << "/"
            << broadcasts << ", peor difusión: faltaron " << worst_missing << " flujos\n";
  if (!latencies_ms.empty())
    std::cout << "tiempo hasta que el último flujo la recibe: mediana "
              << latencies_ms[latencies_ms.size() / 2] << " ms, máximo " << latencies_ms.back()
              << " ms\n";
  return latencies_ms.size() == static_cast<std::size_t>(broadcasts) ? 0 : 1;
}
