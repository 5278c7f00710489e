#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "errors.h"
#include "log_bridge.h"
#include "rwxwatch.skel.h"

namespace rwxwatch {

namespace {

// Classic tracepoints are found through tracefs. Hosts and containers often
// leave it unmounted; mounting it is harmless and what perf and bpftrace do.
void EnsureTracefs(LogBridge& log) {
  if (access("/sys/kernel/tracing/events", F_OK) == 0) return;
  if (access("/sys/kernel/debug/tracing/events", F_OK) == 0) return;

  if (mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0) {
    log.Send("info", "mounted tracefs at /sys/kernel/tracing");
  } else {
    log.Send("warn", std::string("cannot mount tracefs: ") + std::strerror(errno));
  }
}

// The kernel's id of a program or link fd; 0 when the fd is no such object.
template <typename Info>
uint32_t IdOf(int fd) {
  Info info = {};
  uint32_t length = sizeof(info);

  if (bpf_obj_get_info_by_fd(fd, &info, &length) != 0) return 0;
  return info.id;
}

// Looking a link up by id needs CAP_SYS_ADMIN, which the sensor drops once attached
// (src/sensor/capabilities.ts); without it the kernel cannot be asked, and only the
// check of our own fd in LinkStatus decides.
bool KernelKnowsLink(uint32_t id) {
  int fd = bpf_link_get_fd_by_id(id);

  if (fd < 0) return fd == -EPERM;
  close(fd);
  return true;
}

const std::vector<std::string> kExitModes = {"tp_btf", "tracepoint"};

[[noreturn]] void Unknown(const std::string& what, const std::string& hook) {
  throw NativeFailure("BPF_OPEN_FAILED", EINVAL, "unknown " + what, hook);
}

}  // namespace

Loader::Loader(const LoaderConfig& config, LogBridge& log) : log_(log), config_(config) {
  skel_ = rwxwatch_bpf__open();
  if (skel_ == nullptr) throw NativeFailure("BPF_OPEN_FAILED", PositiveErrno(-errno), "open");

  try {
    Configure();
  } catch (...) {
    rwxwatch_bpf__destroy(skel_);
    throw;
  }
}

void Loader::Configure() {
  skel_->rodata->self_tgid = config_.self_pid;
  skel_->rodata->prot_mask = config_.prot_mask;
  skel_->rodata->prot_value = config_.prot_value;
  skel_->rodata->wakeup_bytes = config_.wakeup_bytes;
  skel_->rodata->filter_destinations = config_.filter_destinations;
  skel_->rodata->refresh_ns = config_.refresh_ns;
  skel_->rodata->state_per_name = config_.state_per_name;
  skel_->rodata->require_success = config_.require_success;
  bpf_map__set_max_entries(skel_->maps.events, config_.ring_bytes);
  if (config_.process_entries != 0)
    bpf_map__set_max_entries(skel_->maps.processes, config_.process_entries);

  // Only the programs of candidate modes are loaded, so a forced mode can
  // avoid a program type the kernel rejects; in auto mode every program is
  // loaded and verified, even those this kernel cannot attach.
  std::set<bpf_program*> wanted;
  for (const auto& c : Candidates("mprotect", config_.mprotect_modes))
    wanted.insert(c.programs.begin(), c.programs.end());
  for (const auto& c : Candidates("connect", config_.connect_modes))
    wanted.insert(c.programs.begin(), c.programs.end());
  if (config_.udp) {
    for (const auto& c : Candidates("udp", config_.mprotect_modes))
      wanted.insert(c.programs.begin(), c.programs.end());
  }
  for (const auto& c : Candidates("exit", kExitModes))
    wanted.insert(c.programs.begin(), c.programs.end());
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel_->obj) {
    bpf_program__set_autoload(prog, wanted.count(prog) > 0);
  }

  int err = rwxwatch_bpf__load(skel_);
  if (err != 0) throw NativeFailure("BPF_LOAD_FAILED", PositiveErrno(err), "load BPF programs");
  FillExclusions();
}

// Keys as bpf/maps.bpf.h declares them: a prefix length, then the address bytes.
void Loader::FillExclusions() {
  for (const auto& range : config_.excluded) {
    bool v4 = range.family == 4;
    size_t bytes = v4 ? 4 : 16;
    uint8_t key[4 + 16] = {};
    uint8_t value = 1;

    if (range.address.size() != bytes || range.prefix > bytes * 8)
      throw NativeFailure("BPF_MAP_WRITE_FAILED", EINVAL, "excluded destination range");
    std::memcpy(key, &range.prefix, 4);
    std::memcpy(key + 4, range.address.data(), bytes);

    bpf_map* map = v4 ? skel_->maps.excluded_v4 : skel_->maps.excluded_v6;
    int err = bpf_map__update_elem(map, key, 4 + bytes, &value, sizeof(value), BPF_ANY);
    if (err != 0)
      throw NativeFailure("BPF_MAP_WRITE_FAILED", PositiveErrno(err), "excluded destination");
  }
}

Loader::~Loader() {
  Detach();
  rwxwatch_bpf__destroy(skel_);
}

// Program names follow one scheme: <prefix>_kp_{in,out} for kprobes on a
// syscall and <prefix>_tp_{in,out} for its tracepoints (bpf/*.bpf.c).
std::vector<std::string> Loader::ProgramNames(const std::string& hook,
                                              const std::string& mode) const {
  std::vector<std::string> prefixes;
  if (hook == "mprotect") prefixes = config_.memory_syscalls;
  if (hook == "udp") prefixes = {"udp"};

  if (hook == "connect" && mode == "kprobe") return {"connect_kprobe"};
  if (hook == "connect" && mode == "tp_btf") return {"connect_tp_btf"};
  if (hook == "connect" && mode == "tracepoint") return {"connect_tp"};
  if (hook == "exit" && mode == "tp_btf") return {"exit_tp_btf"};
  if (hook == "exit" && mode == "tracepoint") return {"exit_tp"};
  if (hook == "exit") return {};
  if (hook == "connect" || (mode != "kprobe" && mode != "tracepoint")) return {};

  std::string kind = mode == "kprobe" ? "_kp" : "_tp";
  std::vector<std::string> names;
  for (const auto& prefix : prefixes) {
    std::string base = prefix == "pkey_mprotect" ? "pkey_mprot" : prefix;
    names.push_back(base + kind + "_in");
    names.push_back(base + kind + "_out");
  }
  return names;
}

std::vector<Loader::ModePrograms> Loader::Candidates(const std::string& hook,
                                                     const std::vector<std::string>& modes) const {
  std::vector<ModePrograms> out;

  for (const auto& mode : modes) {
    ModePrograms candidate{mode, {}};
    auto names = ProgramNames(hook, mode);
    if (names.empty()) Unknown(hook + " mode " + mode, hook);

    for (const auto& name : names) {
      bpf_program* prog = bpf_object__find_program_by_name(skel_->obj, name.c_str());
      if (prog == nullptr) Unknown("program " + name, hook);
      candidate.programs.push_back(prog);
    }
    out.push_back(std::move(candidate));
  }
  return out;
}

void Loader::Attach() {
  mprotect_mode_ = AttachHook("mprotect", Candidates("mprotect", config_.mprotect_modes));
  connect_mode_ = AttachHook("connect", Candidates("connect", config_.connect_modes));
  if (config_.udp) udp_mode_ = AttachHook("udp", Candidates("udp", config_.mprotect_modes));

  // Exit reports only release state early; without them the sensor still
  // detects, so a kernel that refuses this hook does not stop the start.
  try {
    exit_mode_ = AttachHook("exit", Candidates("exit", kExitModes));
  } catch (const NativeFailure&) {
    exit_mode_.clear();
  }
}

std::string Loader::AttachHook(const std::string& hook,
                               const std::vector<ModePrograms>& candidates) {
  int last_err = ENOENT;

  for (size_t i = 0; i < candidates.size(); i++) {
    bool last = i + 1 == candidates.size();

    log_.SetDemoted(!last);
    last_err = AttachMode(hook, candidates[i]);
    log_.SetDemoted(false);
    if (last_err == 0) return candidates[i].mode;

    attempts_.push_back({hook, candidates[i].mode, last_err, std::strerror(last_err)});
  }
  std::string tried;
  for (const auto& candidate : candidates) tried += (tried.empty() ? "" : ", ") + candidate.mode;
  throw NativeFailure("BPF_ATTACH_FAILED", last_err, "attach " + hook + " (tried " + tried + ")",
                      hook);
}

// Attaches every program of one mode, or none of them.
int Loader::AttachMode(const std::string& hook, const ModePrograms& candidate) {
  size_t first_link = links_.size();

  if (candidate.mode == "tracepoint") EnsureTracefs(log_);
  for (bpf_program* prog : candidate.programs) {
    bpf_link* link = bpf_program__attach(prog);
    int err = link == nullptr ? PositiveErrno(-errno) : 0;

    if (err == 0) {
      Keep(hook, prog, link);
      continue;
    }
    while (links_.size() > first_link) {
      bpf_link__destroy(links_.back().link);
      links_.pop_back();
    }
    return err;
  }
  return 0;
}

// Ids are read now: once a link is gone its fd can no longer say what it was.
void Loader::Keep(const std::string& hook, bpf_program* prog, bpf_link* link) {
  uint32_t program_id = IdOf<bpf_prog_info>(bpf_program__fd(prog));
  uint32_t link_id = IdOf<bpf_link_info>(bpf_link__fd(link));

  links_.push_back({hook, prog, link, program_id, link_id});
}

void Loader::Detach() {
  for (const AttachedLink& attached : links_) bpf_link__destroy(attached.link);
  links_.clear();
}

std::vector<std::string> Loader::LoadedPrograms() const {
  std::vector<std::string> names;
  bpf_program* prog;

  bpf_object__for_each_program(prog, skel_->obj) {
    if (bpf_program__fd(prog) >= 0) names.emplace_back(bpf_program__name(prog));
  }
  return names;
}

std::vector<uint32_t> Loader::AttachedProgramIds() const {
  std::vector<uint32_t> ids;

  for (const AttachedLink& attached : links_) {
    if (attached.program_id != 0) ids.push_back(attached.program_id);
  }
  return ids;
}

// Tracepoint, tp_btf and kprobe links have no BPF_LINK_DETACH (the kernel
// answers EOPNOTSUPP), so such a link ends only when its last fd closes: the
// kernel then forgets its id and our fd, if still open, is another object.
std::vector<LinkState> Loader::LinkStatus() {
  std::vector<LinkState> states;

  for (AttachedLink& attached : links_) {
    LinkState state{attached.hook, attached.program_id, attached.link_id, true, ""};
    if (!KernelKnowsLink(attached.link_id)) {
      state = {attached.hook, attached.program_id, attached.link_id, false, "link gone"};
    } else if (IdOf<bpf_link_info>(bpf_link__fd(attached.link)) != attached.link_id) {
      state = {attached.hook, attached.program_id, attached.link_id, false, "link fd closed"};
    }
    if (!state.attached) bpf_link__disconnect(attached.link);
    states.push_back(state);
  }
  return states;
}

int Loader::ring_fd() const { return bpf_map__fd(skel_->maps.events); }

const bpf_map* Loader::counters_map() const { return skel_->maps.counters; }

}  // namespace rwxwatch
