// taller::observation, lo que cada sesión (WebSocket o SSE) guarda de quien la
// observa, y los canales de una conexión (channel_list, channels_of).
#include <gtest/gtest.h>

#include "taller/subscriber.hpp"

namespace {

// Un observador que apunta cada aviso.
struct apuntador : taller::connection_observer {
  std::vector<taller::connection_info> altas;
  std::vector<std::uint64_t> cierres;
  std::vector<std::string> errores;
  std::shared_ptr<const taller::traffic> cuenta;

  std::uint64_t opened(const taller::connection_info& info, std::weak_ptr<taller::subscriber>,
                       std::shared_ptr<const taller::traffic> counted) override {
    altas.push_back(info);
    cuenta = std::move(counted);
    return 40 + altas.size();
  }
  void closed(std::uint64_t id) override { cierres.push_back(id); }
  void error(std::string_view type) override { errores.emplace_back(type); }
};

TEST(Robustez_Observacion, AvisaDelAltaUnaVezYDelCierreAlDestruirse) {
  auto obs = std::make_shared<apuntador>();
  {
    taller::observation o(obs);
    o.sent(10);
    o.error("slow_client");
    EXPECT_TRUE(obs->altas.empty()) << "antes de start no se avisa de nada";
    EXPECT_TRUE(obs->errores.empty()) << "antes de start no se avisa de errores";
    o.start({"sse", "a,b", "ana", "127.0.0.1:5"}, {});
    o.start({"sse", "otra", "", ""}, {});
    ASSERT_EQ(obs->altas.size(), 1u) << "start da de alta una sola vez";
    EXPECT_EQ(obs->altas[0].channel, "a,b");
    o.sent(7);
    o.sent(3);
    o.received(5);
    o.error("invalid_json");
    ASSERT_TRUE(obs->cuenta);
    EXPECT_EQ(obs->cuenta->messages_sent, 2u) << "lo enviado antes de start no cuenta";
    EXPECT_EQ(obs->cuenta->bytes_sent, 10u);
    EXPECT_EQ(obs->cuenta->messages_received, 1u);
    EXPECT_EQ(obs->errores, std::vector<std::string>{"invalid_json"});
    EXPECT_TRUE(obs->cierres.empty());
  }
  EXPECT_EQ(obs->cierres, std::vector<std::uint64_t>{41}) << "el cierre lleva el id del alta";
}

TEST(Robustez_Observacion, SinAltaNoAvisaDelCierre) {
  auto obs = std::make_shared<apuntador>();
  { taller::observation o(obs); }
  EXPECT_TRUE(obs->cierres.empty()) << "una sesión que nunca se dio de alta no se cierra";
  taller::observation sin_observador;
  sin_observador.start({"websocket", "", "", ""}, {});
  sin_observador.sent(1);  // sin observador no hace nada (ni falla)
}

TEST(Robustez_Observacion, CanalesIdaYVuelta) {
  EXPECT_EQ(taller::channel_list({}), "");
  EXPECT_EQ(taller::channel_list({"alerts"}), "alerts");
  EXPECT_EQ(taller::channel_list({"alerts", "metrics"}), "alerts,metrics");
  taller::connection_info info{"sse", taller::channel_list({"alerts", "metrics"}), "", ""};
  EXPECT_EQ(taller::channels_of(info), (std::vector<std::string>{"alerts", "metrics"}));
}

}  // namespace
