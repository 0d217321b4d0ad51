// taller::parse_http_url: la única forma de trocear una URL de cliente en el
// taller (la usan p02-sse-cliente y el notificador webhook).
#include <gtest/gtest.h>

#include "taller/url.hpp"

namespace {

using taller::parse_http_url;

TEST(Robustez_Url, TroceaHostPuertoYDestino) {
  const auto u = parse_http_url("http://localhost:8000/sse/events?channel=a#fragmento");
  ASSERT_TRUE(u);
  EXPECT_FALSE(u->https);
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, 8000);
  EXPECT_EQ(u->target, "/sse/events?channel=a") << "el fragmento no se envía";
  EXPECT_EQ(u->text(), "http://localhost:8000/sse/events?channel=a");
}

TEST(Robustez_Url, PuertoYDestinoPorOmision) {
  const auto s = parse_http_url("https://hooks.example.com");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->https);
  EXPECT_EQ(s->port, 443);
  EXPECT_EQ(s->target, "/");
  const auto q = parse_http_url("http://h?x=1");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->port, 80);
  EXPECT_EQ(q->target, "/?x=1");
}

TEST(Robustez_Url, Ipv6ConYSinPuerto) {
  const auto a = parse_http_url("http://[::1]:9000/x");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 9000);
  EXPECT_EQ(a->text(), "http://[::1]:9000/x");
  const auto b = parse_http_url("http://[::1]/x");
  ASSERT_TRUE(b) << "los dos puntos dentro de los corchetes no son el puerto";
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(b->port, 80);
}

TEST(Robustez_Url, RechazaConMotivo) {
  std::string why;
  EXPECT_FALSE(parse_http_url("ftp://h/", &why));
  EXPECT_NE(why.find("http://"), std::string::npos) << why;
  EXPECT_FALSE(parse_http_url("http://:80/", &why));
  EXPECT_NE(why.find("host"), std::string::npos) << why;
  for (const char* bad : {"http://h:0/", "http://h:65536/", "http://h:8a/", "http://h:/"}) {
    EXPECT_FALSE(parse_http_url(bad, &why)) << bad;
    EXPECT_NE(why.find("puerto"), std::string::npos) << bad << ": " << why;
  }
}

}  // namespace
