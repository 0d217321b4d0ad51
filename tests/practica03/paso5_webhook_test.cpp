// Paso 5 — notificadores de extremo a extremo: una alerta llega a un webhook
// (un servidor HTTP local de la prueba) y al canal alerts.
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "servidor_de_prueba.hpp"

namespace p03::testing {
namespace {

// Un receptor de webhooks en 127.0.0.1 que guarda los cuerpos que le llegan.
class webhook_receiver {
 public:
  webhook_receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      bodies_.push_back(req.body);
      changed_.notify_all();
      res.set_content("ok", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~webhook_receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::optional<std::string> wait_body(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !bodies_.empty(); })) return std::nullopt;
    return bodies_.front();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> bodies_;
};

TEST(Paso5_Notificadores, LaAlertaLlegaAlWebhookYAlCanalAlerts) {
  webhook_receiver hook;
  // Un umbral de 1 conexión: la regla "connections" se dispara en cuanto se abre el flujo.
  const auto config = std::filesystem::temp_directory_path() / "taller_p03_webhook.json";
  std::ofstream(config) << R"({"thresholds": {"max_connections": 1}})";
  server_options o = test_options({{"TALLER_WEBHOOK_URL", hook.url()}});
  o.config_path = config.string();
  running_server s(o);
  sse_client alerts;
  ASSERT_TRUE(alerts.open(s.port(), "/sse/events?channel=alerts"))
      << "Paso 5: GET /sse/events?channel=alerts debe abrir un flujo SSE; no respondió";
  auto body = hook.wait_body(5s);
  ASSERT_TRUE(body) << "Paso 5: el webhook de TALLER_WEBHOOK_URL debe recibir la alerta";
  json j = json::parse(*body, nullptr, false);
  EXPECT_TRUE(j.contains("text") && j["text"].is_string())
      << "Paso 5: el cuerpo es compatible con Slack (campo text); llegó " << *body;
  EXPECT_EQ(j.value("alert", json::object()).value("rule", ""), "connections")
      << "Paso 5: el cuerpo lleva en alert el aviso de la regla connections; llegó " << *body;
  auto ev = alerts.next_of("alert", 5s);
  ASSERT_TRUE(ev) << "Paso 5: la alerta también llega a los flujos SSE del canal alerts";
  EXPECT_EQ(ev->json().value("state", ""), "firing")
      << "Paso 5: el evento alert del canal alerts lleva state=firing; llegó " << ev->data;
  std::filesystem::remove(config);
}

}  // namespace
}  // namespace p03::testing
