#include "sensor.h"

#include <time.h>

#include <iterator>

#include "errors.h"
#include "options.h"

namespace rwxwatch {

namespace {

// Names as src/native/binding.ts spells them, in the order of bpf/events.h's enums.
constexpr const char* kHookNames[] = {"mprotect", "connect", "udp", "exit"};
constexpr const char* kCounterNames[] = {"seen",      "filtered",   "emitted",   "ringbufFull",
                                         "stateFull", "readFailed", "aggregated"};
static_assert(std::size(kHookNames) == RWX_HOOK_COUNT, "a hook has no name");
static_assert(std::size(kCounterNames) == RWX_CTR_COUNT, "a counter has no name");

int64_t ClockNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

Napi::BigInt Big(Napi::Env env, uint64_t value) { return Napi::BigInt::New(env, value); }

}  // namespace

Napi::Function Sensor::Define(Napi::Env env) {
  return DefineClass(env, "NativeSensor",
                     {
                         InstanceMethod<&Sensor::Modes>("modes"),
                         InstanceMethod<&Sensor::Attempts>("attempts"),
                         InstanceMethod<&Sensor::LoadedPrograms>("loadedPrograms"),
                         InstanceMethod<&Sensor::AttachedProgramIds>("attachedProgramIds"),
                         InstanceMethod<&Sensor::LinkStatus>("linkStatus"),
                         InstanceMethod<&Sensor::ReadCounters>("counters"),
                         InstanceMethod<&Sensor::Transport>("transport"),
                         InstanceMethod<&Sensor::BootToRealtimeNs>("bootToRealtimeNs"),
                         InstanceMethod<&Sensor::Close>("close"),
                     });
}

Sensor::Sensor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Sensor>(info) {
  Napi::Env env = info.Env();
  SensorOptions options = ParseOptions(info);

  log_ = std::make_unique<LogBridge>(env, options.on_log);
  try {
    loader_ = std::make_unique<Loader>(options.loader, *log_);
    loader_->Attach();
    counters_ = std::make_unique<Counters>(loader_->counters_map());
    reader_ =
        std::make_unique<RingReader>(env, loader_->ring_fd(), options.on_batch, options.poll_ms);
  } catch (const NativeFailure& failure) {
    Teardown();
    throw ToJsError(env, failure);
  }

  env_ = env;
  napi_add_env_cleanup_hook(env, OnEnvTeardown, this);
}

Sensor::~Sensor() {
  if (env_ != nullptr) napi_remove_env_cleanup_hook(env_, OnEnvTeardown, this);
  Teardown();
}

void Sensor::OnEnvTeardown(void* arg) {
  auto* self = static_cast<Sensor*>(arg);
  self->env_ = nullptr;
  self->Teardown();
}

// Reverse order of construction; each step tolerates the ones before it missing.
void Sensor::Teardown() {
  if (reader_) reader_->Abort();
  reader_.reset();
  counters_.reset();
  loader_.reset();
  if (log_) log_->Release();
  log_.reset();
}

void Sensor::RequireOpen(Napi::Env env) const {
  if (!loader_) throw Napi::Error::New(env, "sensor is closed");
}

Napi::Value Sensor::Modes(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  Napi::Object modes = Napi::Object::New(info.Env());

  modes.Set("mprotect", loader_->mprotect_mode());
  modes.Set("connect", loader_->connect_mode());
  if (!loader_->udp_mode().empty()) modes.Set("udp", loader_->udp_mode());
  if (!loader_->exit_mode().empty()) modes.Set("exit", loader_->exit_mode());
  return modes;
}

Napi::Value Sensor::Attempts(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  Napi::Env env = info.Env();
  const auto& attempts = loader_->attempts();
  Napi::Array out = Napi::Array::New(env, attempts.size());

  for (size_t i = 0; i < attempts.size(); i++) {
    Napi::Object attempt = Napi::Object::New(env);
    attempt.Set("hook", attempts[i].hook);
    attempt.Set("mode", attempts[i].mode);
    attempt.Set("errno", attempts[i].err);
    attempt.Set("message", attempts[i].message);
    out.Set(i, attempt);
  }
  return out;
}

Napi::Value Sensor::LoadedPrograms(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  auto names = loader_->LoadedPrograms();
  Napi::Array out = Napi::Array::New(info.Env(), names.size());

  for (size_t i = 0; i < names.size(); i++) out.Set(i, names[i]);
  return out;
}

Napi::Value Sensor::AttachedProgramIds(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env());
  auto ids = loader_->AttachedProgramIds();
  Napi::Array out = Napi::Array::New(info.Env(), ids.size());

  for (size_t i = 0; i < ids.size(); i++) out.Set(i, ids[i]);
  return out;
}

Napi::Value Sensor::LinkStatus(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  auto states = loader_->LinkStatus();
  Napi::Array out = Napi::Array::New(env, states.size());

  for (size_t i = 0; i < states.size(); i++) {
    Napi::Object state = Napi::Object::New(env);
    state.Set("hook", states[i].hook);
    state.Set("programId", states[i].program_id);
    state.Set("linkId", states[i].link_id);
    state.Set("attached", states[i].attached);
    if (!states[i].attached) state.Set("reason", states[i].reason);
    out.Set(i, state);
  }
  return out;
}

Napi::Value Sensor::ReadCounters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  CounterTable table;

  try {
    table = counters_->Read();
  } catch (const NativeFailure& failure) {
    throw ToJsError(env, failure);
  }

  Napi::Object out = Napi::Object::New(env);
  for (uint32_t hook = 0; hook < RWX_HOOK_COUNT; hook++) {
    Napi::Object counters = Napi::Object::New(env);
    for (uint32_t c = 0; c < RWX_CTR_COUNT; c++)
      counters.Set(kCounterNames[c], Big(env, table[hook][c]));
    out.Set(kHookNames[hook], counters);
  }
  return out;
}

Napi::Value Sensor::Transport(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env);
  TransportStats stats = reader_->stats();
  Napi::Object out = Napi::Object::New(env);

  out.Set("batches", Big(env, stats.batches));
  out.Set("records", Big(env, stats.records));
  out.Set("lostRecords", Big(env, stats.lost_records));
  out.Set("pollErrno", stats.poll_errno);
  out.Set("polls", Big(env, stats.polls));
  return out;
}

Napi::Value Sensor::BootToRealtimeNs(const Napi::CallbackInfo& info) {
  int64_t offset = ClockNs(CLOCK_REALTIME) - ClockNs(CLOCK_BOOTTIME);
  return Napi::BigInt::New(info.Env(), offset);
}

Napi::Value Sensor::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!loader_) return env.Undefined();

  // Stop reading before detaching so the last records still reach JS.
  reader_->Stop(env);
  loader_->Detach();
  Teardown();
  return env.Undefined();
}

}  // namespace rwxwatch
