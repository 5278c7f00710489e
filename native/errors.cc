#include "errors.h"

#include <cerrno>
#include <cstring>

namespace rwxwatch {

NativeFailure::NativeFailure(std::string code, int err, const std::string& message,
                             std::string hook)
    : std::runtime_error(message + ": " + std::strerror(err)),
      code_(std::move(code)),
      err_(err),
      hook_(std::move(hook)) {}

Napi::Error ToJsError(Napi::Env env, const NativeFailure& failure) {
  Napi::Error error = Napi::Error::New(env, failure.what());

  error.Set("code", Napi::String::New(env, failure.code()));
  error.Set("errno", Napi::Number::New(env, failure.err()));
  if (!failure.hook().empty()) error.Set("hook", Napi::String::New(env, failure.hook()));
  return error;
}

void CallFromQueue(Napi::Function fn, const std::initializer_list<napi_value>& args) {
  try {
    fn.Call(args);
  } catch (const Napi::Error& error) {
    // Re-raising can fail too once the environment is going away: nothing to tell then.
    napi_throw(fn.Env(), error.Value());
  }
}

int PositiveErrno(int ret) {
  if (ret < 0) return -ret;
  return errno != 0 ? errno : EINVAL;
}

}  // namespace rwxwatch
