#pragma once
#include <boost/system/error_code.hpp>

namespace taller {

// Informa de un error de una operación asíncrona en stderr, salvo los que son
// parte normal del cierre (operación cancelada, WebSocket cerrado, fin de flujo).
void fail(const boost::system::error_code& ec, const char* what);

// true si el error es parte normal de un cierre y no merece un mensaje.
bool is_shutdown_error(const boost::system::error_code& ec);

}  // namespace taller
