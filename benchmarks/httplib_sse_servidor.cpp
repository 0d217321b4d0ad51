// Un servidor SSE con cpp-httplib, para comparar: cpp-httplib atiende cada
// conexión con un hilo de su grupo (por omisión, tantos como núcleos, mínimo 8).
// Un flujo SSE ocupa su hilo mientras dura, así que a partir de ahí las
// conexiones nuevas esperan en cola y no reciben nada. Es la lección de por qué
// los servidores del taller son asíncronos.
//
//   httplib_sse_servidor --port 9000   (GET /eventos, POST /difundir)
#include <httplib.h>

#include <condition_variable>
#include <iostream>
#include <mutex>

#include "taller/args.hpp"

int main(int argc, char** argv) {
  taller::cli_args args("httplib_sse_servidor", "Servidor SSE de un hilo por conexión (cpp-httplib).",
                        {{"port", "9000", "puerto en 127.0.0.1"}});
  if (!args.parse(argc, argv, std::cerr)) return args.exit_code();

  std::mutex mutex;
  std::condition_variable changed;
  std::uint64_t sequence = 0;
  std::string last_message;

  httplib::Server server;
  server.Get("/eventos", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream", [&, seen = std::uint64_t{0}](
                                                              std::size_t, httplib::DataSink& sink) mutable {
      std::unique_lock lock(mutex);
      // Este hilo se queda aquí esperando el siguiente mensaje: uno por flujo.
      changed.wait_for(lock, std::chrono::seconds(1), [&] { return sequence != seen; });
      if (sequence == seen) return sink.write(": heartbeat\n\n", 13);
      seen = sequence;
      const std::string event = "event: broadcast\ndata: " + last_message + "\n\n";
      return sink.write(event.data(), event.size());
    });
  });
  server.Post("/difundir", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      last_message = req.body;
      ++sequence;
    }
    changed.notify_all();
    res.set_content("{\"status\":\"sent\"}", "application/json");
  });
  const int port = static_cast<int>(args.integer("port", 1, 65535));
  std::cout << "servidor cpp-httplib en http://127.0.0.1:" << port << " (hilos: "
            << CPPHTTPLIB_THREAD_POOL_COUNT << ")" << std::endl;
  server.listen("127.0.0.1", port);
}
