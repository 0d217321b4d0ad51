// El main de todas las pruebas del taller: el de GoogleTest y, además, un
// aviso en español cuando una prueba tumba el proceso. Una aserción que falla
// (la de nlohmann::json al usar operator[] de un json const con una clave que
// no existe, la de Beast con dos escrituras a la vez…), un abort() o un acceso
// a memoria no válido terminan el programa sin que GoogleTest pueda decir nada;
// este aviso dice qué paso y qué prueba se estaban ejecutando y qué significa
// la señal, debajo de lo que la biblioteca haya escrito.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <string>

#include <unistd.h>

namespace {

// El aviso se prepara al empezar cada prueba: dentro del manejador de la
// señal solo se puede llamar a write().
char notice[1024] = "";
std::size_t notice_length = 0;

void prepare(const ::testing::TestInfo& test) {
  const std::string suite = test.test_suite_name();
  std::string who = "Prueba " + suite + "." + test.name();
  // Paso3_Errores → «Paso 3»; las suites Robustez_… no son de un paso.
  if (suite.rfind("Paso", 0) == 0) {
    const auto digits = suite.find_first_not_of("0123456789", 4);
    who = "Paso " + suite.substr(4, digits - 4) + ": la prueba " + suite + "." + test.name();
  }
  const std::string text = "\n" + who + " terminó el programa con la señal ";
  notice_length = std::min(text.size(), sizeof notice - 1);
  std::memcpy(notice, text.data(), notice_length);
}

const char* meaning(int sig) {
  switch (sig) {
    case SIGABRT:
      return "SIGABRT: falló una aserción o se llamó a abort(). Las líneas de justo "
             "arriba dicen cuál (p. ej. «Assertion `it != …end()' failed» es operator[] "
             "de un json const con una clave que no existe: usa find() o value(); "
             "«soft_mutex» de Beast son dos async_write a la vez: una sola escritura "
             "en vuelo, el resto en la cola). Una excepción que nadie captura también "
             "acaba aquí («terminate called after throwing…»).\n";
    case SIGSEGV:
    case SIGBUS:
      return "de acceso a memoria no válido (SIGSEGV): un puntero, referencia o "
             "iterador que apunta a algo que ya no existe (¿una sesión sin "
             "shared_from_this() en su manejador?, ¿un string_view a un texto "
             "temporal?) o un índice fuera de rango.\n";
    case SIGFPE:
      return "SIGFPE: una división entera por cero.\n";
    default:
      return "de error.\n";
  }
}

void on_crash(int sig) {
  if (notice_length > 0) {
    [[maybe_unused]] auto a = ::write(2, notice, notice_length);
    const char* text = meaning(sig);
    [[maybe_unused]] auto b = ::write(2, text, std::strlen(text));
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

class crash_notice : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo& test) override { prepare(test); }
  void OnTestEnd(const ::testing::TestInfo&) override { notice_length = 0; }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleMock(&argc, argv);
  ::testing::UnitTest::GetInstance()->listeners().Append(new crash_notice);
  std::signal(SIGABRT, on_crash);
  std::signal(SIGFPE, on_crash);
#ifndef TALLER_SANITIZADO
  // Con sanitizadores, AddressSanitizer informa él mismo de SIGSEGV y SIGBUS.
  std::signal(SIGSEGV, on_crash);
  std::signal(SIGBUS, on_crash);
#endif
  return RUN_ALL_TESTS();
}
