// Encabezado precompilado: lo más caro de compilar, una sola vez.
#pragma once
// Boost 1.74 con GCC 12: asio/awaitable.hpp usa std::exchange sin incluir <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>
