// Compilación separada: el código de Beast y Asio se compila aquí una vez
// y el resto de unidades solo incluye sus declaraciones
// (BOOST_BEAST_SEPARATE_COMPILATION, BOOST_ASIO_SEPARATE_COMPILATION).
#include "taller/net.hpp"  // incluye <utility> antes que Asio (ver net.hpp)

#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
