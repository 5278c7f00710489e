// Owns the BPF skeleton: opens it with the load-time settings, loads (and so
// verifies) the programs of every candidate attach mode, then attaches each
// hook in the first mode that works. Knows nothing about JS.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct rwxwatch_bpf;
struct bpf_link;
struct bpf_map;
struct bpf_program;

namespace rwxwatch {

class LogBridge;

// A destination range the kernel drops (bpf/maps.bpf.h, the excluded_* tries).
struct ExcludedRange {
  int family;  // 4 or 6; IPv4-mapped ranges arrive as 4
  std::vector<uint8_t> address;
  uint32_t prefix;
};

struct LoaderConfig {
  uint32_t self_pid = 0;
  uint64_t prot_mask = ~0ULL;
  uint64_t prot_value = 7;
  uint32_t ring_bytes = 1u << 22;
  // Entries of the per-process LRU map (bpf/maps.bpf.h); 0 keeps the compiled size.
  uint32_t process_entries = 0;
  uint64_t wakeup_bytes = 0;                // see submit() in bpf/common.bpf.h
  std::vector<std::string> mprotect_modes;  // in order of preference
  std::vector<std::string> connect_modes;
  // Syscalls the mprotect hook covers: "mprotect", "pkey_mprotect", "mmap".
  std::vector<std::string> memory_syscalls = {"mprotect"};
  // Also watch connect() on UDP sockets, in the mprotect hook's modes.
  bool udp = false;
  // Aggregation (bpf/aggregate.bpf.h): 0 sends every qualifying event.
  uint64_t refresh_ns = 0;
  bool state_per_name = true;
  bool require_success = false;
  // Destinations dropped in the kernel; filtering is off unless this is set.
  bool filter_destinations = false;
  std::vector<ExcludedRange> excluded;
};

// One attached program and the link that holds it, as recorded at attach time.
struct AttachedLink {
  std::string hook;
  bpf_program* program;
  bpf_link* link;
  uint32_t program_id;
  uint32_t link_id;
};

// Whether a link still holds its program in the kernel, read on demand.
struct LinkState {
  std::string hook;
  uint32_t program_id;
  uint32_t link_id;
  bool attached;
  std::string reason;  // empty while attached
};

struct AttachAttempt {
  std::string hook;
  std::string mode;
  int err;
  std::string message;
};

class Loader {
 public:
  Loader(const LoaderConfig& config, LogBridge& log);
  ~Loader();

  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Throws NativeFailure (BPF_ATTACH_FAILED) when a hook attaches in no mode.
  void Attach();
  void Detach();

  const std::string& mprotect_mode() const { return mprotect_mode_; }
  const std::string& connect_mode() const { return connect_mode_; }
  const std::string& udp_mode() const { return udp_mode_; }
  const std::string& exit_mode() const { return exit_mode_; }
  const std::vector<AttachAttempt>& attempts() const { return attempts_; }

  std::vector<std::string> LoadedPrograms() const;
  std::vector<uint32_t> AttachedProgramIds() const;
  // Not const: a link found gone is disconnected so Detach() never closes an
  // fd number the process may have reused for something else.
  std::vector<LinkState> LinkStatus();
  int ring_fd() const;
  const bpf_map* counters_map() const;

 private:
  struct ModePrograms {
    std::string mode;
    std::vector<bpf_program*> programs;
  };

  void Configure();
  void FillExclusions();
  std::vector<std::string> ProgramNames(const std::string& hook, const std::string& mode) const;
  std::vector<ModePrograms> Candidates(const std::string& hook,
                                       const std::vector<std::string>& modes) const;
  std::string AttachHook(const std::string& hook, const std::vector<ModePrograms>& candidates);
  int AttachMode(const std::string& hook, const ModePrograms& candidate);
  void Keep(const std::string& hook, bpf_program* prog, bpf_link* link);

  rwxwatch_bpf* skel_ = nullptr;
  LogBridge& log_;
  LoaderConfig config_;
  std::vector<AttachedLink> links_;
  std::vector<AttachAttempt> attempts_;
  std::string mprotect_mode_;
  std::string connect_mode_;
  std::string udp_mode_;   // empty when UDP is not watched
  std::string exit_mode_;  // empty when no exit hook could attach
};

}  // namespace rwxwatch
