// Alias de espacios de nombres de Boost para los .cpp de red.
// Solo lo incluyen archivos .cpp: los encabezados públicos no exponen Beast.
#pragma once
// Boost 1.74 con GCC 12: asio/awaitable.hpp usa std::exchange sin incluir <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
