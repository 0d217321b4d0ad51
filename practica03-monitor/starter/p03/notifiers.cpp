// slack_text y delivery_worker, el hilo de trabajo con su cola acotada que usan
// los dos notificadores (webhook_notifier.cpp y smtp_notifier.cpp).
#include "p03/notifiers.hpp"

#include <fstream>
#include <optional>
#include <stdexcept>
#include <utility>

#include "p03/notifier_helpers.hpp"
#include "taller/barrier.hpp"

namespace p03 {

namespace {

using namespace std::chrono_literals;

// Cada cuánto repite el destructor la orden de cortar la entrega en curso.
constexpr auto interrupt_period = 50ms;

}  // namespace

void check_ca_file(const std::string& who, const std::string& ca_file) {
  if (!ca_file.empty() && !std::ifstream(ca_file))
    throw std::invalid_argument(who + ": no se puede leer ca_file '" + ca_file + "'");
}

std::string slack_text(const alert_record& record) {
  // TODO PASO 5 ▸ Escribe el aviso en una línea para Slack
  //   Devuelve una sola línea "[NIVEL] regla estado: mensaje": NIVEL es CRÍTICA si level es
  //   critical y AVISO si no; estado es "resuelta" si state es resolved y "disparada" si no.
  //   Por ejemplo "[CRÍTICA] cpu disparada: CPU al 96.0 % (umbral crítico 95)". Es el "text" del
  //   webhook y el principio del correo, y las pruebas lo comparan letra a letra.
  (void)record;
  return "";
  // FIN PASO 5
}

// ---------------------------------------------------------------- Hilo de trabajo

delivery_worker::delivery_worker(std::string name, std::size_t max_pending,
                                 deliver_function deliver, std::function<void()> interrupt,
                                 post_function post_back, result_function on_result)
    : name_(std::move(name)),
      max_pending_(max_pending),
      deliver_(std::move(deliver)),
      interrupt_(std::move(interrupt)),
      post_back_(std::move(post_back)),
      on_result_(std::move(on_result)),
      thread_([this] { run(); }) {}

delivery_worker::~delivery_worker() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  pending_.clear();  // el servidor ya guardó estos avisos: solo se dejan de enviar
  wake_.notify_all();
  // interrupt puede llegar antes de que la entrega en curso abra su conexión (y
  // entonces no corta nada): se repite cada poco hasta que el hilo termina.
  while (!finished_) {
    lock.unlock();
    interrupt_();
    lock.lock();
    wake_.wait_for(lock, interrupt_period, [this] { return finished_; });
  }
  lock.unlock();
  thread_.join();
}

void delivery_worker::push(const alert_record& record) {
  {
    std::lock_guard lock(mutex_);
    // La cola está acotada: si el destino no responde, los avisos no se
    // acumulan sin fin y notify() sigue sin bloquear.
    if (pending_.size() < max_pending_) {
      pending_.push_back(record);
      wake_.notify_all();
      return;
    }
  }
  report({.ok = false, .attempts = 0, .error = "queue_full", .rule = record.rule});
}

bool delivery_worker::wait_for(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

// Entrega los avisos de uno en uno hasta que el destructor pide parar. Lo que
// lancen deliver, post_back u on_result se queda en la barrera: un aviso que
// falla así no impide entregar el siguiente.
void delivery_worker::run() {
  while (auto record = next()) report(deliver_safely(*record));
  std::lock_guard lock(mutex_);
  finished_ = true;
  wake_.notify_all();
}

// El siguiente aviso de la cola (espera a que haya uno); nullopt si hay que parar.
std::optional<alert_record> delivery_worker::next() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
  if (stopping_) return std::nullopt;
  alert_record record = std::move(pending_.front());
  pending_.pop_front();
  return record;
}

// Una excepción que se escapa de un hilo termina el programa: la barrera la
// informa (con su texto) y el aviso cuenta como un envío fallido.
delivery_result delivery_worker::deliver_safely(const alert_record& record) {
  delivery_result result{.ok = false, .attempts = 1, .error = {}, .rule = record.rule};
  if (!taller::shielded(name_, [&] { result = deliver_(record); }))
    result = {.ok = false,
              .attempts = 1,
              .error = name_ + ": excepción no controlada (ver el registro)",
              .rule = record.rule};
  return result;
}

// Lleva el resultado a on_result en el hilo de red (con post_back). Los dos
// pasan por la barrera: post_back corre en el hilo que informa (el de trabajo,
// o el de red si la cola estaba llena) y on_result en el de red.
void delivery_worker::report(const delivery_result& result) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // al apagar ya no se informa: nadie atendería el resultado
  }
  if (!on_result_ || !post_back_) return;
  taller::shielded(name_, [&] {
    post_back_([name = name_, on_result = on_result_, result] {
      taller::shielded(name, [&] { on_result(result); });
    });
  });
}

}  // namespace p03
