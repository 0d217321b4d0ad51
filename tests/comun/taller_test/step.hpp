// «Paso N: » de la prueba que se está ejecutando, para los mensajes de las
// funciones de ayuda que comparten varios pasos (abrir un flujo, conectar…):
//   ASSERT_TRUE(c.open(port, path)) << taller::testing::step() << "no se pudo abrir " << path;
#pragma once
#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace taller::testing {

inline std::string step() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::smatch m;
  const std::string suite = info ? info->test_suite_name() : "";
  if (std::regex_search(suite, m, std::regex("^Paso(\\d+)_"))) return "Paso " + m[1].str() + ": ";
  return "";
}

}  // namespace taller::testing
