#include "taller_test/process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <thread>

extern char** environ;

namespace taller::testing {

child_process::child_process(const std::string& program, const std::vector<std::string>& args) {
  const char* dir = std::getenv("TALLER_BIN_DIR");
  if (!dir) {
    error_ = "falta la variable TALLER_BIN_DIR (la pone ctest)";
    return;
  }
  const std::string path = std::string(dir) + "/" + program;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    error_ = "no se pudo crear la tubería";
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const int rc = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  out_fd_ = pipe_fds[0];
  if (rc != 0) {
    pid_ = -1;
    error_ = "no se pudo ejecutar " + path;
  }
}

child_process::~child_process() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

std::optional<unsigned short> child_process::wait_for_port(std::chrono::milliseconds timeout) {
  static const std::regex port_re(R"(localhost:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    std::smatch m;
    if (std::regex_search(output_, m, port_re))
      return static_cast<unsigned short>(std::stoi(m[1].str()));
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{out_fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[512];
    const ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<std::size_t>(n));
  }
  error_ = "el programa no anunció su puerto; escribió: " + output_;
  return std::nullopt;
}

void child_process::signal(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

std::optional<int> child_process::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0 && !reaped_) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // sondeo de waitpid
  }
  return std::nullopt;
}

}  // namespace taller::testing
