// Registers the addon's exports; everything else lives in its own class.
#include <linux/types.h>
#include <napi.h>

#include "caps.h"
#include "events.h"
#include "sensor.h"

namespace rwxwatch {

namespace {

Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::FunctionReference* ctor = info.Env().GetInstanceData<Napi::FunctionReference>();
  std::vector<napi_value> args(info.Length());

  for (size_t i = 0; i < info.Length(); i++) args[i] = info[i];
  return ctor->New(args);
}

Napi::Object Layout(Napi::Env env) {
  Napi::Object layout = Napi::Object::New(env);

  layout.Set("header", sizeof(struct rwx_header));
  layout.Set("mprotect", sizeof(struct rwx_mprotect));
  layout.Set("connect", sizeof(struct rwx_connect));
  layout.Set("exit", sizeof(struct rwx_exit));
  return layout;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* ctor = new Napi::FunctionReference(Napi::Persistent(Sensor::Define(env)));

  env.SetInstanceData(ctor);
  exports.Set("open", Napi::Function::New<Open>(env, "open"));
  exports.Set("layout", Layout(env));
  exports.Set("dropCapabilities", Napi::Function::New<DropCapabilities>(env, "dropCapabilities"));
  return exports;
}

}  // namespace

}  // namespace rwxwatch

// The registration macro pastes the function's name into an identifier, so it
// needs an unqualified one.
static Napi::Object InitRwxwatch(Napi::Env env, Napi::Object exports) {
  return rwxwatch::Init(env, exports);
}

NODE_API_MODULE(rwxwatch, InitRwxwatch)
