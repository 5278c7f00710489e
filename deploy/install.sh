#!/usr/bin/env bash
# Builds and installs rwxwatch for the container image, and runs the same way on a Debian 12
# host, so the image's steps are tested where no container engine runs.
#
#   install.sh build   --prefix DIR              stage a runtime tree in DIR
#   install.sh runtime --from DIR --prefix DIR   install runtime libraries, copy the tree
#
# build works in a scratch copy of the sources: the clone's own node_modules/ and build/ are
# never written. Both commands are idempotent: a rerun replaces the tree it installed.
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_PACKAGES=(clang libbpf-dev libelf-dev zlib1g-dev bpftool cmake g++ gcc make pkg-config)
RUNTIME_PACKAGES=(libbpf1 libelf1 zlib1g)
# What the runtime tree holds; `runtime` replaces exactly these names in its prefix.
APP_ENTRIES=(bin dist build package.json package-lock.json node_modules)

say() { printf 'rwxwatch install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  sed -n '5,6p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 64
}

# Installs only what dpkg does not already list, so a second run does nothing.
apt_ensure() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' \
      || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  [[ $(id -u) -eq 0 ]] || die "missing packages: ${missing[*]}; run as root or install them"
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Compiles the addon and dist/ in a scratch copy of the sources.
build_in_scratch() {
  local scratch="$1"
  cp -a "$SOURCE"/{package.json,package-lock.json,tsconfig.json,tsconfig.build.json} "$scratch"/
  cp -a "$SOURCE"/{bin,src,bpf,native,scripts} "$scratch"/

  (cd "$scratch" && node scripts/prepare.mjs)
}

stage_tree() {
  local from="$1" prefix="$2"
  local addon="$from/build/Release/rwxwatch.node"
  [[ -f $addon && -f $from/dist/cli/bin.js ]] || die "no build in $from: dist/ or addon missing"

  replace_app "$prefix"
  mkdir -p "$prefix/build/Release"
  cp -a "$from"/{bin,dist,package.json,package-lock.json} "$prefix"/
  cp -a "$addon" "$prefix/build/Release/"
  # Production dependencies only; --ignore-scripts: the addon is already built.
  (cd "$prefix" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
}

# Removes a previous install's entries (and nothing else) so that a rerun starts clean.
replace_app() {
  local prefix="$1"
  [[ $prefix == /* && $prefix != / ]] || die "--prefix must be an absolute path other than /"
  mkdir -p "$prefix"
  local entry
  for entry in "${APP_ENTRIES[@]}"; do rm -rf "${prefix:?}/$entry"; done
}

cmd_build() {
  local prefix=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ -n $prefix ]] || usage

  apt_ensure "${BUILD_PACKAGES[@]}"
  local scratch
  scratch="$(mktemp -d /tmp/rwxwatch-build.XXXXXX)"
  # shellcheck disable=SC2064 # expand now: the trap runs after scratch leaves scope
  trap "rm -rf '$scratch'" EXIT
  build_in_scratch "$scratch"
  stage_tree "$scratch" "$prefix"
  say "staged the runtime tree in $prefix"
}

cmd_runtime() {
  local from="" prefix=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --from) from="${2:?--from needs a directory}"; shift 2 ;;
      --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ -n $from && -n $prefix ]] || usage
  [[ -f $from/dist/cli/bin.js ]] || die "$from holds no staged tree; run install.sh build first"

  apt_ensure "${RUNTIME_PACKAGES[@]}"
  if [[ $(realpath "$from") == $(realpath -m "$prefix") ]]; then
    say "the staged tree is already in $prefix"
    return
  fi
  replace_app "$prefix"
  local entry
  for entry in "${APP_ENTRIES[@]}"; do cp -a "$from/$entry" "$prefix/"; done
  say "installed rwxwatch in $prefix"
}

main() {
  [[ $# -ge 1 ]] || usage
  local command="$1"
  shift
  case "$command" in
    build) cmd_build "$@" ;;
    runtime) cmd_runtime "$@" ;;
    *) usage ;;
  esac
}

main "$@"
