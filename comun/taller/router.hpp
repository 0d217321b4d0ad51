// La tabla de rutas de un servidor: método, patrón y manejador, en un solo
// sitio. Los patrones admiten segmentos {nombre}: "/sse/notify/{user_id}".
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "taller/http.hpp"
#include "taller/url.hpp"

namespace taller {

class http_session;

// Valores de los segmentos {nombre} de la ruta, ya decodificados (%XX) y
// comprobados: siempre UTF-8 válido.
using route_params = std::map<std::string, std::string, std::less<>>;

// Un manejador responde con session.send(…) o se queda con la conexión
// (session.release_socket()) para un WebSocket o un flujo SSE.
using route_handler =
    std::function<void(request&& req, const route_params& params, http_session& session)>;

class router {
 public:
  router& add(http::verb method, std::string pattern, route_handler handler);

  // Otra URL para lo mismo: una petición a pattern se atiende como si llegara a
  // target, con cada {nombre} de pattern sustituido en target (codificado) y la
  // consulta original añadida al final. Así los clientes de los prototipos
  // (../shared/seeds) funcionan tal cual:
  //   alias(get, "/ws/{channel}/{user_id}", "/ws?channel={channel}&user_id={user_id}")
  // El router debe vivir mientras se atienden peticiones (lo guarda el servidor).
  router& alias(http::verb method, std::string pattern, std::string target);

  // Antes de llamar al manejador comprueba la entrada: cada segmento {nombre}
  // y cada parámetro de la consulta, decodificados, deben ser UTF-8 válido (si
  // no, 400 con el campo). HEAD usa la ruta GET (sin cuerpo en la respuesta).
  // Sin ruta: 404, o 405 con Allow si la ruta existe con otro método. Si el
  // manejador lanza, la barrera (barrier.hpp) lo informa y responde 500.
  void dispatch(request&& req, http_session& session) const;

 private:
  struct route {
    http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    route_handler handler;
  };
  static bool match(const route& r, const std::vector<std::string>& path, route_params& params);
  std::vector<route> routes_;
};

}  // namespace taller
