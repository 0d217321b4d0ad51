// Lo que comparten los dos notificadores (webhook_notifier.cpp y
// smtp_notifier.cpp). Interno de la biblioteca.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "taller/input.hpp"

namespace p03 {

// Un JSON como texto (taller/input.hpp): los bytes que no son UTF-8 se sustituyen
// en vez de lanzar una excepción en el hilo de trabajo.
using taller::to_text;

// Lanza std::invalid_argument si ca_file no está vacío y no se puede leer: el
// error sale al arrancar, no en el primer aviso.
void check_ca_file(const std::string& who, const std::string& ca_file);

}  // namespace p03
