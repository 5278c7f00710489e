// Hands libbpf's messages to a JS callback instead of printing them. libbpf
// has one process-wide print hook, so the bridge of the most recently opened
// sensor receives them; messages may come from any thread and are queued to
// the JS thread through a thread-safe function.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdarg>
#include <string>

namespace rwxwatch {

class LogBridge {
 public:
  LogBridge(Napi::Env env, Napi::Function on_log);
  ~LogBridge();

  LogBridge(const LogBridge&) = delete;
  LogBridge& operator=(const LogBridge&) = delete;

  // While demoted, libbpf warnings arrive as debug: used for attach attempts
  // whose failure is expected and reported as a fallback instead.
  void SetDemoted(bool demoted) { demoted_ = demoted; }

  // The addon's own messages, from any thread.
  void Send(const char* level, std::string message);

  // Stops taking messages; queued ones are still delivered.
  void Release();

 private:
  // Caller holds the bridge lock (see log_bridge.cc).
  void Enqueue(const char* level, std::string message);

  Napi::ThreadSafeFunction tsfn_;
  std::atomic<bool> demoted_{false};
  bool released_ = false;

  friend int PrintToActiveBridge(int level, const char* format, va_list args);
};

}  // namespace rwxwatch
