#include "caps.h"

#include <dirent.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "errors.h"

namespace rwxwatch {

namespace {

constexpr size_t kMaxThreads = 1024;
// Threads started by a thread that was not reached yet are found by listing again.
constexpr int kMaxRounds = 4;

// One thread's answer. The handler fills the errnos, then publishes its tid.
struct Ack {
  std::atomic<int> tid{0};
  int capset_errno;
  int bounding_errno;
  int no_new_privs_errno;
};

// Written before any signal is sent and read only by the handler; g_busy keeps
// one drop at a time.
Ack g_acks[kMaxThreads];
std::atomic<size_t> g_ack_slots{0};
uint64_t g_keep = 0;
int g_last_cap = 0;
std::atomic<bool> g_busy{false};

int Errno(long ret) { return ret == 0 ? 0 : errno; }

int Prctl(int option, unsigned long arg) { return syscall(SYS_prctl, option, arg, 0, 0, 0); }

// Raw syscalls only: this also runs inside the signal handler.
int SetCaps(uint64_t keep) {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return errno;

  uint64_t permitted = (static_cast<uint64_t>(data[1].permitted) << 32) | data[0].permitted;
  permitted &= keep;
  for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
    auto word = static_cast<uint32_t>(permitted >> (32 * i));
    data[i] = {word, word, 0};
  }
  return Errno(syscall(SYS_capset, &header, data));
}

// The bounding set goes first: dropping from it needs CAP_SETPCAP, which the
// capset() at the end takes away.
void DropHere(uint64_t keep, int last_cap, Ack& ack) {
  ack.bounding_errno = 0;
  for (int cap = 0; cap <= last_cap; cap++) {
    if ((keep >> cap) & 1 || Prctl(PR_CAPBSET_READ, cap) != 1) continue;
    if (Prctl(PR_CAPBSET_DROP, cap) != 0 && ack.bounding_errno == 0) ack.bounding_errno = errno;
  }

  // Kernels before 4.3 have no ambient set; EINVAL there leaves nothing behind.
  syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  ack.no_new_privs_errno = Errno(syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  ack.capset_errno = SetCaps(keep);
}

void OnSignal(int) {
  int saved = errno;
  size_t slot = g_ack_slots.fetch_add(1);

  if (slot < kMaxThreads) {
    DropHere(g_keep, g_last_cap, g_acks[slot]);
    g_acks[slot].tid.store(static_cast<int>(syscall(SYS_gettid)), std::memory_order_release);
  }
  errno = saved;
}

// The highest capability this kernel knows: PR_CAPBSET_READ fails past it.
int LastCap() {
  int cap = 0;
  while (cap < 63 && Prctl(PR_CAPBSET_READ, cap + 1) >= 0) cap++;
  return cap;
}

std::string TaskFile(int tid, const char* name) {
  return "/proc/self/task/" + std::to_string(tid) + "/" + name;
}

std::string ThreadName(int tid) {
  std::ifstream in(TaskFile(tid, "comm"));
  std::string name;

  std::getline(in, name);
  return name;
}

bool ThreadAlive(int tid) { return access(TaskFile(tid, "status").c_str(), F_OK) == 0; }

// SigBlk in the thread's status is its blocked mask in hex, bit n-1 for signal n.
bool BlocksSignal(int tid, int sig) {
  std::ifstream in(TaskFile(tid, "status"));
  std::string line;

  while (std::getline(in, line)) {
    if (line.rfind("SigBlk:", 0) != 0) continue;
    uint64_t mask = std::strtoull(line.c_str() + 7, nullptr, 16);
    return (mask >> (sig - 1)) & 1;
  }
  return false;
}

std::vector<int> ListThreads() {
  std::vector<int> tids;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) throw NativeFailure("CAPS_DROP_FAILED", errno, "list /proc/self/task");

  while (dirent* entry = readdir(dir)) {
    int tid = std::atoi(entry->d_name);
    if (tid > 0) tids.push_back(tid);
  }
  closedir(dir);
  return tids;
}

// A real-time signal nobody handles, so borrowing it disturbs no one.
int FreeSignal() {
  for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
    struct sigaction current = {};
    if (sigaction(sig, nullptr, &current) != 0) continue;
    if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL) return sig;
  }
  throw NativeFailure("CAPS_DROP_FAILED", EAGAIN, "no free real-time signal");
}

int64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

size_t Answered() {
  size_t slots = std::min(g_ack_slots.load(), kMaxThreads);
  size_t answered = 0;

  for (size_t i = 0; i < slots; i++) answered += g_acks[i].tid.load() != 0;
  return answered;
}

void WaitForAnswers(size_t expected, int64_t deadline_ms) {
  const timespec pause = {0, 1000000};
  while (Answered() < expected && NowMs() < deadline_ms) nanosleep(&pause, nullptr);
}

// Installs the handler for the drop and puts back what was there, through
// SIG_IGN so that a signal still pending on a thread that never ran the
// handler is discarded rather than delivered to the old disposition.
class BorrowedSignal {
 public:
  BorrowedSignal() : signal_(FreeSignal()) {
    struct sigaction ours = {};
    ours.sa_handler = OnSignal;
    ours.sa_flags = SA_RESTART;
    sigfillset(&ours.sa_mask);
    if (sigaction(signal_, &ours, &previous_) != 0)
      throw NativeFailure("CAPS_DROP_FAILED", errno, "install signal handler");
  }

  ~BorrowedSignal() {
    struct sigaction ignore = {};
    ignore.sa_handler = SIG_IGN;
    sigaction(signal_, &ignore, nullptr);
    sigaction(signal_, &previous_, nullptr);
  }

  int signal() const { return signal_; }

 private:
  int signal_;
  struct sigaction previous_ = {};
};

class BusyGuard {
 public:
  BusyGuard() {
    if (g_busy.exchange(true)) throw NativeFailure("CAPS_DROP_FAILED", EBUSY, "already dropping");
  }
  ~BusyGuard() { g_busy = false; }
};

void Record(ThreadDrop& drop, const Ack& ack) {
  drop.outcome = ack.capset_errno == 0 ? "dropped" : "failed";
  drop.capset_errno = ack.capset_errno;
  drop.bounding_errno = ack.bounding_errno;
  drop.no_new_privs_errno = ack.no_new_privs_errno;
}

}  // namespace

CapsDropResult CapsDrop::Run(uint64_t keep, int timeout_ms) {
  BusyGuard busy;
  g_keep = keep;
  g_last_cap = LastCap();
  g_ack_slots = 0;
  for (Ack& ack : g_acks) ack.tid = 0;

  BorrowedSignal borrowed;
  int sig = borrowed.signal();
  int self = static_cast<int>(syscall(SYS_gettid));
  std::map<int, ThreadDrop> threads;
  Ack own;
  DropHere(keep, g_last_cap, own);
  Record(threads[self], own);

  size_t sent = 0;
  int64_t deadline = NowMs() + timeout_ms;
  for (int round = 0; round < kMaxRounds; round++) {
    size_t before = sent;
    for (int tid : ListThreads()) {
      if (threads.count(tid) > 0) continue;
      if (BlocksSignal(tid, sig)) {
        threads[tid].outcome = "blocks signal";
      } else if (syscall(SYS_tgkill, getpid(), tid, sig) == 0) {
        threads[tid].outcome = "no answer";
        sent++;
      }
    }
    if (sent == before) break;
    WaitForAnswers(sent, deadline);
  }

  size_t slots = std::min(g_ack_slots.load(), kMaxThreads);
  for (size_t i = 0; i < slots; i++) {
    int tid = g_acks[i].tid.load(std::memory_order_acquire);
    if (tid != 0) Record(threads[tid], g_acks[i]);
  }

  CapsDropResult result{sig, {}};
  for (auto& [tid, drop] : threads) {
    // A thread that exited before answering holds nothing any more.
    if (drop.outcome == "no answer" && !ThreadAlive(tid)) continue;
    drop.tid = tid;
    drop.name = ThreadName(tid);
    result.threads.push_back(drop);
  }
  return result;
}

namespace {

uint64_t ParseKeep(const Napi::CallbackInfo& info) {
  const char* usage = "dropCapabilities(keep: number[], timeoutMs: number)";
  if (info.Length() != 2 || !info[0].IsArray() || !info[1].IsNumber())
    throw Napi::TypeError::New(info.Env(), usage);

  Napi::Array caps = info[0].As<Napi::Array>();
  uint64_t keep = 0;
  for (uint32_t i = 0; i < caps.Length(); i++) {
    Napi::Value cap = caps.Get(i);
    int64_t n = cap.IsNumber() ? cap.As<Napi::Number>().Int64Value() : -1;
    if (n < 0 || n > 63) throw Napi::TypeError::New(info.Env(), usage);
    keep |= uint64_t{1} << n;
  }
  return keep;
}

Napi::Object ThreadToJs(Napi::Env env, const ThreadDrop& drop) {
  Napi::Object out = Napi::Object::New(env);

  out.Set("tid", drop.tid);
  out.Set("name", drop.name);
  out.Set("outcome", drop.outcome);
  out.Set("capsetErrno", drop.capset_errno);
  out.Set("boundingErrno", drop.bounding_errno);
  out.Set("noNewPrivsErrno", drop.no_new_privs_errno);
  return out;
}

}  // namespace

Napi::Value DropCapabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint64_t keep = ParseKeep(info);
  int timeout_ms = info[1].As<Napi::Number>().Int32Value();
  CapsDropResult result;

  try {
    result = CapsDrop::Run(keep, timeout_ms);
  } catch (const NativeFailure& failure) {
    throw ToJsError(env, failure);
  }

  Napi::Object out = Napi::Object::New(env);
  Napi::Array threads = Napi::Array::New(env, result.threads.size());
  for (size_t i = 0; i < result.threads.size(); i++)
    threads.Set(i, ThreadToJs(env, result.threads[i]));
  out.Set("signal", result.signal);
  out.Set("threads", threads);
  return out;
}

}  // namespace rwxwatch
