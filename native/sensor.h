// The JS-facing sensor object returned by open(): it parses the options,
// then owns the log bridge, the loader (programs and links) and the ring
// reader, and tears them down in reverse order on close() or at
// environment teardown, whichever comes first.
#pragma once

#include <napi.h>

#include <memory>

#include "counters.h"
#include "loader.h"
#include "log_bridge.h"
#include "ring_reader.h"

namespace rwxwatch {

class Sensor : public Napi::ObjectWrap<Sensor> {
 public:
  static Napi::Function Define(Napi::Env env);

  explicit Sensor(const Napi::CallbackInfo& info);
  ~Sensor() override;

 private:
  Napi::Value Modes(const Napi::CallbackInfo& info);
  Napi::Value Attempts(const Napi::CallbackInfo& info);
  Napi::Value LoadedPrograms(const Napi::CallbackInfo& info);
  Napi::Value AttachedProgramIds(const Napi::CallbackInfo& info);
  Napi::Value LinkStatus(const Napi::CallbackInfo& info);
  Napi::Value ReadCounters(const Napi::CallbackInfo& info);
  Napi::Value Transport(const Napi::CallbackInfo& info);
  Napi::Value BootToRealtimeNs(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  void RequireOpen(Napi::Env env) const;
  static void OnEnvTeardown(void* arg);
  void Teardown();

  std::unique_ptr<LogBridge> log_;
  std::unique_ptr<Loader> loader_;
  std::unique_ptr<Counters> counters_;
  std::unique_ptr<RingReader> reader_;
  napi_env env_ = nullptr;
};

}  // namespace rwxwatch
