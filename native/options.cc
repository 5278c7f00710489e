#include "options.h"

#include <string>

namespace rwxwatch {

namespace {

constexpr const char* kUsage =
    "expected open({ onBatch: Function, onLog: Function, protMask: bigint, protValue: bigint, "
    "selfPid: number, mprotectModes: string[], connectModes: string[], ringBytes: number, "
    "memorySyscalls?: string[], udp?: boolean, wakeupBytes?: number, pollMs?: number, "
    "excludedDestinations?: { family: 4 | 6, address: number[], prefix: number }[], "
    "refreshNs?: bigint, statePerName?: boolean, requireSuccess?: boolean })";

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

std::vector<ExcludedRange> GetRanges(Napi::Object options, const char* key) {
  Napi::Value value = options.Get(key);
  if (!value.IsArray()) Misuse(options.Env(), std::string(key) + " must be an array");

  Napi::Array array = value.As<Napi::Array>();
  std::vector<ExcludedRange> ranges;
  for (uint32_t i = 0; i < array.Length(); i++) {
    Napi::Value item = array.Get(i);
    if (!item.IsObject()) Misuse(options.Env(), std::string(key) + " must hold objects");
    Napi::Object range = item.As<Napi::Object>();
    ExcludedRange parsed{static_cast<int>(GetUint(range, "family")), {}, GetUint(range, "prefix")};

    Napi::Value address = range.Get("address");
    if (!address.IsArray()) Misuse(options.Env(), std::string(key) + "[].address must be bytes");
    Napi::Array bytes = address.As<Napi::Array>();
    for (uint32_t b = 0; b < bytes.Length(); b++)
      parsed.address.push_back(static_cast<uint8_t>(bytes.Get(b).ToNumber().Uint32Value()));
    ranges.push_back(std::move(parsed));
  }
  return ranges;
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
  if (!options.Get("wakeupBytes").IsUndefined())
    parsed.loader.wakeup_bytes = GetUint(options, "wakeupBytes");
  if (!options.Get("pollMs").IsUndefined()) parsed.poll_ms = GetUint(options, "pollMs");
  if (!options.Get("processEntries").IsUndefined())
    parsed.loader.process_entries = GetUint(options, "processEntries");
  if (!options.Get("refreshNs").IsUndefined())
    parsed.loader.refresh_ns = GetBigUint(options, "refreshNs");
  if (!options.Get("statePerName").IsUndefined())
    parsed.loader.state_per_name = GetOptionalBool(options, "statePerName");
  parsed.loader.require_success = GetOptionalBool(options, "requireSuccess");
  if (!options.Get("excludedDestinations").IsUndefined()) {
    parsed.loader.filter_destinations = true;
    parsed.loader.excluded = GetRanges(options, "excludedDestinations");
  }
  return parsed;
}

}  // namespace rwxwatch
