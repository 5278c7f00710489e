// Reads the options object passed to open() (see src/native/binding.ts,
// NativeSensorOptions). Misuse throws a TypeError that shows the expected call.
#pragma once

#include <napi.h>

#include "loader.h"

namespace rwxwatch {

struct SensorOptions {
  LoaderConfig loader;
  Napi::Function on_batch;
  Napi::Function on_log;
  int poll_ms = 50;
};

SensorOptions ParseOptions(const Napi::CallbackInfo& info);

}  // namespace rwxwatch
