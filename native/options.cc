#include "options.h"

#include <string>

namespace rwxwatch {

namespace {

constexpr const char* kUsage =
    "expected open({ onBatch: Function, onLog: Function, protMask: bigint, protValue: bigint, "
    "selfPid: number, mprotectModes: string[], connectModes: string[], ringBytes: number, "
    "memorySyscalls?: string[], udp?: boolean })";

[[noreturn]] void Misuse(Napi::Env env, const std::string& what) {
  throw Napi::TypeError::New(env, what + "; " + kUsage);
}

Napi::Function GetFunction(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  if (!value.IsFunction()) Misuse(options.Env(), std::string(key) + " must be a function");
  return value.As<Napi::Function>();
}

uint64_t GetBigUint(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  bool lossless = false;

  if (!value.IsBigInt()) Misuse(options.Env(), std::string(key) + " must be a bigint");
  uint64_t result = value.As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) Misuse(options.Env(), std::string(key) + " must fit in 64 unsigned bits");
  return result;
}

uint32_t GetUint(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  if (!value.IsNumber()) Misuse(options.Env(), std::string(key) + " must be a number");

  double number = value.As<Napi::Number>().DoubleValue();
  if (number < 0 || number > 0xffffffffu || number != static_cast<uint32_t>(number))
    Misuse(options.Env(), std::string(key) + " must be a 32-bit unsigned integer");
  return static_cast<uint32_t>(number);
}

bool GetOptionalBool(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return false;
  if (!value.IsBoolean()) Misuse(options.Env(), std::string(key) + " must be a boolean");
  return value.As<Napi::Boolean>().Value();
}

std::vector<std::string> GetModes(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  if (!value.IsArray()) Misuse(options.Env(), std::string(key) + " must be an array");

  Napi::Array array = value.As<Napi::Array>();
  std::vector<std::string> modes;
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value mode = array.Get(i);
    if (!mode.IsString()) Misuse(options.Env(), std::string(key) + " must hold strings");
    modes.push_back(mode.As<Napi::String>().Utf8Value());
  }
  if (modes.empty()) Misuse(options.Env(), std::string(key) + " must not be empty");
  return modes;
}

}  // namespace

SensorOptions ParseOptions(const Napi::CallbackInfo& info) {
  if (info.Length() != 1 || !info[0].IsObject()) Misuse(info.Env(), "one options object");
  Napi::Object options = info[0].As<Napi::Object>();
  SensorOptions parsed;

  parsed.on_batch = GetFunction(options, "onBatch");
  parsed.on_log = GetFunction(options, "onLog");
  parsed.loader.prot_mask = GetBigUint(options, "protMask");
  parsed.loader.prot_value = GetBigUint(options, "protValue");
  parsed.loader.self_pid = GetUint(options, "selfPid");
  parsed.loader.ring_bytes = GetUint(options, "ringBytes");
  parsed.loader.mprotect_modes = GetModes(options, "mprotectModes");
  parsed.loader.connect_modes = GetModes(options, "connectModes");
  if (options.Has("memorySyscalls") && !options.Get("memorySyscalls").IsUndefined())
    parsed.loader.memory_syscalls = GetModes(options, "memorySyscalls");
  parsed.loader.udp = GetOptionalBool(options, "udp");
  return parsed;
}

}  // namespace rwxwatch
