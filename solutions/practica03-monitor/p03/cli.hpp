// Las opciones de línea de órdenes del servidor de la práctica 03, para su
// main y para el de la práctica 04 (que acepta las mismas).
#pragma once
#include <vector>

#include "p03/server.hpp"
#include "taller/args.hpp"

namespace p03 {

std::vector<taller::flag_spec> cli_flags();
// Lanza std::invalid_argument (run_main muestra el uso) si un valor no vale.
server_options options_from(const taller::cli_args& args);

}  // namespace p03
