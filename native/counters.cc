#include "counters.h"

#include <bpf/libbpf.h>

#include <vector>

#include "errors.h"

namespace rwxwatch {

Counters::Counters(const bpf_map* map) : map_(map), cpus_(libbpf_num_possible_cpus()) {
  if (cpus_ <= 0) throw NativeFailure("BPF_OPEN_FAILED", PositiveErrno(cpus_), "count CPUs");
}

CounterTable Counters::Read() const {
  CounterTable table = {};
  std::vector<uint64_t> per_cpu(cpus_);
  size_t value_bytes = per_cpu.size() * sizeof(uint64_t);

  for (uint32_t hook = 0; hook < RWX_HOOK_COUNT; hook++) {
    for (uint32_t counter = 0; counter < RWX_CTR_COUNT; counter++) {
      uint32_t key = hook * RWX_CTR_COUNT + counter;
      int err = bpf_map__lookup_elem(map_, &key, sizeof(key), per_cpu.data(), value_bytes, 0);
      if (err != 0) throw NativeFailure("BPF_MAP_READ_FAILED", PositiveErrno(err), "counters");

      for (uint64_t value : per_cpu) table[hook][counter] += value;
    }
  }
  return table;
}

}  // namespace rwxwatch
