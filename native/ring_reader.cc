#include "ring_reader.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <chrono>

#include "errors.h"

namespace rwxwatch {

namespace {

constexpr size_t kMaxQueuedBatches = 64;

void CallOnBatch(Napi::Env env, Napi::Function on_batch, Batch* batch) {
  if (env == nullptr || on_batch == nullptr) {
    delete batch;
    return;
  }

  uint32_t records = batch->records;
  auto buffer = Napi::Buffer<uint8_t>::New(
      env, batch->bytes.data(), batch->bytes.size(),
      [](Napi::Env, uint8_t*, Batch* owned) { delete owned; }, batch);
  CallFromQueue(on_batch, {buffer, Napi::Number::New(env, records)});
}

}  // namespace

RingReader::RingReader(Napi::Env env, int ring_fd, Napi::Function on_batch, int poll_ms)
    : poll_ms_(poll_ms) {
  rb_ = ring_buffer__new(ring_fd, OnRecord, this, nullptr);
  if (rb_ == nullptr) throw NativeFailure("RINGBUF_FAILED", PositiveErrno(-errno), "ring buffer");

  on_batch_ = Napi::Persistent(on_batch);
  tsfn_ = Napi::ThreadSafeFunction::New(env, on_batch, "rwxwatch-ring", kMaxQueuedBatches, 1);
  thread_ = std::thread(&RingReader::Run, this);
}

RingReader::~RingReader() {
  Abort();
  ring_buffer__free(rb_);
}

int RingReader::OnRecord(void* ctx, void* data, size_t size) {
  auto* self = static_cast<RingReader*>(ctx);
  auto* bytes = static_cast<const uint8_t*>(data);

  if (self->pending_ == nullptr) self->pending_ = new Batch();
  self->pending_->bytes.insert(self->pending_->bytes.end(), bytes, bytes + size);
  self->pending_->records++;
  return 0;
}

void RingReader::Run() {
  while (!stop_) {
    int n = ring_buffer__poll(rb_, poll_ms_);
    // poll() consumes only after a wake-up; records the kernel submitted
    // without one are picked up here, at the end of each timed wait.
    if (n == 0) n = ring_buffer__consume(rb_);
    if (n < 0 && n != -EINTR) {
      poll_errno_ = -n;
      break;
    }
    polls_++;
    if (pending_ == nullptr) continue;

    Batch* batch = pending_;
    pending_ = nullptr;
    Deliver(batch);
  }
}

// Queues one batch for JS; waits while the queue is full unless stopping.
void RingReader::Deliver(Batch* batch) {
  uint32_t records = batch->records;

  for (;;) {
    napi_status status = tsfn_.NonBlockingCall(batch, CallOnBatch);
    if (status == napi_ok) break;
    if (status != napi_queue_full || stop_) {
      lost_records_ += records;
      delete batch;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  batches_++;
  records_ += records;
}

void RingReader::Join() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void RingReader::Stop(Napi::Env env) {
  Join();
  if (released_) return;

  // Released first so a throwing callback cannot leave the function held.
  released_ = true;
  tsfn_.Release();

  ring_buffer__consume(rb_);
  if (pending_ == nullptr) return;
  Batch* batch = pending_;
  pending_ = nullptr;
  batches_++;
  records_ += batch->records;
  CallOnBatch(env, on_batch_.Value(), batch);
}

void RingReader::Abort() {
  Join();
  if (released_) return;

  released_ = true;
  delete pending_;
  pending_ = nullptr;
  tsfn_.Abort();
}

TransportStats RingReader::stats() const {
  return {batches_, records_, lost_records_, poll_errno_, polls_};
}

}  // namespace rwxwatch
