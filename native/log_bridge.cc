#include "log_bridge.h"

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>

#include "errors.h"

namespace rwxwatch {

namespace {

struct LogLine {
  const char* level;
  std::string message;
};

// Guards active_bridge and every bridge's released_ flag.
std::mutex active_mutex;
LogBridge* active_bridge = nullptr;

void DeliverLine(Napi::Env env, Napi::Function on_log, LogLine* line) {
  if (env != nullptr && on_log != nullptr) {
    CallFromQueue(on_log,
                  {Napi::String::New(env, line->level), Napi::String::New(env, line->message)});
  }
  delete line;
}

const char* LevelName(libbpf_print_level level, bool demoted) {
  if (level == LIBBPF_WARN) return demoted ? "debug" : "warn";
  return level == LIBBPF_INFO ? "info" : "debug";
}

}  // namespace

int PrintToActiveBridge(int level, const char* format, va_list args) {
  char text[1024];
  int length = std::vsnprintf(text, sizeof(text), format, args);
  std::lock_guard<std::mutex> lock(active_mutex);

  if (active_bridge == nullptr || length < 0) return 0;

  std::string message(text);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  auto print_level = static_cast<libbpf_print_level>(level);
  active_bridge->Enqueue(LevelName(print_level, active_bridge->demoted_), std::move(message));
  return length;
}

namespace {

int LibbpfPrint(libbpf_print_level level, const char* format, va_list args) {
  return PrintToActiveBridge(level, format, args);
}

}  // namespace

LogBridge::LogBridge(Napi::Env env, Napi::Function on_log) {
  tsfn_ = Napi::ThreadSafeFunction::New(env, on_log, "rwxwatch-log", 0, 1);
  // Logging alone must not keep the event loop alive.
  tsfn_.Unref(env);

  std::lock_guard<std::mutex> lock(active_mutex);
  active_bridge = this;
  libbpf_set_print(LibbpfPrint);
}

LogBridge::~LogBridge() { Release(); }

void LogBridge::Send(const char* level, std::string message) {
  std::lock_guard<std::mutex> lock(active_mutex);
  Enqueue(level, std::move(message));
}

void LogBridge::Enqueue(const char* level, std::string message) {
  if (released_) return;
  auto* line = new LogLine{level, std::move(message)};
  if (tsfn_.NonBlockingCall(line, DeliverLine) != napi_ok) delete line;
}

void LogBridge::Release() {
  std::lock_guard<std::mutex> lock(active_mutex);

  if (released_) return;
  released_ = true;
  if (active_bridge == this) active_bridge = nullptr;
  tsfn_.Release();
}

}  // namespace rwxwatch
