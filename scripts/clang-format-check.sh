#!/usr/bin/env bash
# Fails when a C or C++ file under bpf/ or native/ differs from clang-format's
# output (each folder has its own .clang-format). vmlinux.h is generated.
# Installs clang-format through apt when it is missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang-format >/dev/null; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "clang-format-check: clang-format is missing; install it (apt-get install clang-format)" >&2
		exit 1
	fi
	echo "clang-format-check: installing clang-format" >&2
	apt-get install -y -qq clang-format >/dev/null
fi

status=0
for file in $(git ls-files 'bpf/*.c' 'bpf/*.h' 'native/*.cc' 'native/*.h' | grep -v vmlinux.h); do
	if ! clang-format --dry-run --Werror "$file" 2>/dev/null; then
		echo "clang-format-check: $file is not formatted (run clang-format -i $file)" >&2
		status=1
	fi
done
exit $status
