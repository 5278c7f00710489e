// Failures of the native layer. C++ code throws NativeFailure; the JS-facing
// layer turns it into an Error with a stable `code`, the errno and the hook.
#pragma once

#include <napi.h>

#include <stdexcept>
#include <string>

namespace rwxwatch {

class NativeFailure : public std::runtime_error {
 public:
  NativeFailure(std::string code, int err, const std::string& message, std::string hook = "");

  const std::string& code() const { return code_; }
  int err() const { return err_; }
  const std::string& hook() const { return hook_; }

 private:
  std::string code_;
  int err_;
  std::string hook_;
};

Napi::Error ToJsError(Napi::Env env, const NativeFailure& failure);

// Calls JS from a thread-safe function's callback. A C++ exception must not
// leave that callback (it would terminate the process), so an exception from
// JS is handed back to JS as an uncaught exception; while the environment is
// shutting down, when JS can no longer run, it is dropped.
void CallFromQueue(Napi::Function fn, const std::initializer_list<napi_value>& args);

// libbpf returns -errno or sets errno; this takes either and returns a positive errno.
int PositiveErrno(int ret);

}  // namespace rwxwatch
