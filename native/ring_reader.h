// Polls the BPF ring buffer on a thread of its own and delivers what it read
// to JS in batches: one JS call carries every record one poll returned, as
// raw bytes (bpf/events.h layout) that TypeScript decodes.
//
// Threads: the poller thread owns the ring buffer while it runs and never
// touches JS values; batches cross to the JS thread through a thread-safe
// function whose queue is bounded. When JS falls behind, the poller waits,
// the ring buffer fills and the kernel counts what it could not write, so
// loss stays visible instead of memory growing.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

struct ring_buffer;

namespace rwxwatch {

struct Batch {
  std::vector<uint8_t> bytes;
  uint32_t records = 0;
};

struct TransportStats {
  uint64_t batches;
  uint64_t records;
  uint64_t lost_records;  // read from the ring but never handed to JS
  int poll_errno;         // non-zero once polling failed and the poller stopped
  uint64_t polls;         // poll cycles completed: a heartbeat that stops when the thread does
};

class RingReader {
 public:
  // poll_ms bounds how long a record waits when the kernel skipped the wake-up.
  RingReader(Napi::Env env, int ring_fd, Napi::Function on_batch, int poll_ms);
  ~RingReader();

  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;

  // On the JS thread: stops and joins the poller, hands what is left in the
  // ring to JS synchronously, then releases the thread-safe function.
  void Stop(Napi::Env env);
  // At environment teardown, when JS can no longer be called.
  void Abort();

  TransportStats stats() const;

 private:
  static int OnRecord(void* ctx, void* data, size_t size);
  void Run();
  void Deliver(Batch* batch);
  void Join();

  ring_buffer* rb_ = nullptr;
  Napi::ThreadSafeFunction tsfn_;
  Napi::FunctionReference on_batch_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  bool released_ = false;
  Batch* pending_ = nullptr;  // the batch the current poll appends to
  int poll_ms_;

  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> lost_records_{0};
  std::atomic<int> poll_errno_{0};
  std::atomic<uint64_t> polls_{0};
};

}  // namespace rwxwatch
