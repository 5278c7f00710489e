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

// libbpf returns -errno or sets errno; this takes either and returns a positive errno.
int PositiveErrno(int ret);

}  // namespace rwxwatch
