// Arranca un programa del taller como proceso aparte (para probar señales y
// códigos de salida) y lee el puerto que anuncia al arrancar.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace taller::testing {

class child_process {
 public:
  // Ejecuta ${TALLER_BIN_DIR}/program con args; su salida estándar va a una tubería.
  child_process(const std::string& program, const std::vector<std::string>& args);
  ~child_process();  // si sigue vivo, SIGKILL
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  bool started() const { return pid_ > 0; }
  const std::string& error() const { return error_; }
  // Lee la salida hasta encontrar "localhost:<puerto>" (plazo incluido).
  std::optional<unsigned short> wait_for_port(std::chrono::milliseconds timeout);
  void signal(int sig);
  // Espera a que termine; el código de salida, o nullopt si no terminó a tiempo
  // (o murió por una señal).
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string output_, error_;
  bool reaped_ = false;
};

}  // namespace taller::testing
