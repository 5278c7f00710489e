// Reads the kernel's per-CPU counters (bpf/events.h: enum rwx_counter) and
// sums them over every possible CPU.
#pragma once

#include <linux/types.h>

#include <array>
#include <cstdint>

#include "events.h"

struct bpf_map;

namespace rwxwatch {

using HookCounters = std::array<uint64_t, RWX_CTR_COUNT>;
using CounterTable = std::array<HookCounters, RWX_HOOK_COUNT>;

class Counters {
 public:
  explicit Counters(const bpf_map* map);

  // Throws NativeFailure when the map cannot be read.
  CounterTable Read() const;

 private:
  const bpf_map* map_;
  int cpus_;
};

}  // namespace rwxwatch
