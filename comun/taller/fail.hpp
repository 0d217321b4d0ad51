#pragma once
#include <string_view>

#include <boost/system/error_code.hpp>

namespace taller {

// Informa de un error de una operación asíncrona en stderr, salvo los que son
// parte normal del cierre (operación cancelada, WebSocket cerrado, fin de flujo).
void fail(const boost::system::error_code& ec, const char* what);

// Un error que es culpa del cliente (un frame WebSocket que rompe el
// protocolo, un handshake mal hecho): fail() solo lo cuenta con TALLER_DEBUG=1,
// así ningún cliente llena el registro del servidor.
bool is_client_error(const boost::system::error_code& ec);

// Escribe "[debug] what: detail" en stderr si la variable TALLER_DEBUG existe.
void debug_log(std::string_view what, std::string_view detail);

// true si el error es parte normal de un cierre y no merece un mensaje.
bool is_shutdown_error(const boost::system::error_code& ec);

}  // namespace taller
