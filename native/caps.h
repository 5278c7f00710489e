// Drops capabilities in every thread of the process. The kernel keeps
// capability sets, the bounding set and no_new_privs per thread, so a capset()
// on the JS thread leaves libuv's pool, V8's workers and the ring poller as
// privileged as before. Each other thread is reached with a real-time signal
// whose handler makes the same raw syscalls on itself.
//
// Limitation: a thread that blocks the signal cannot be reached and keeps its
// capabilities; it is reported as such, never counted as dropped. Threads
// created afterwards copy the sets of the thread that creates them.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rwxwatch {

// What one thread did; errno 0 is success, -1 means the step did not run.
struct ThreadDrop {
  int tid = 0;
  std::string name;
  std::string outcome;  // "dropped", "failed", "blocks signal", "no answer"
  int capset_errno = -1;
  int bounding_errno = -1;
  int no_new_privs_errno = -1;
};

struct CapsDropResult {
  int signal = 0;
  std::vector<ThreadDrop> threads;
};

class CapsDrop {
 public:
  // keep: bit n set keeps capability n in the effective, permitted and
  // bounding sets; everything else, inheritable and ambient, is cleared.
  static CapsDropResult Run(uint64_t keep, int timeout_ms);
};

// JS: dropCapabilities(keep: number[], timeoutMs: number).
Napi::Value DropCapabilities(const Napi::CallbackInfo& info);

}  // namespace rwxwatch
