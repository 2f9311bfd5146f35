#!/bin/sh
# Builds libacl_shim.so into the directory given as $1 (default: ./build/out). Needs cmake, a C++14 compiler
# and the Arm Compute Library (ACL_ROOT, or the default search paths). Where ACL is absent it says so and
# exits 0 without building, so that the Maven build of the module still succeeds; the backend then reports
# itself unavailable with this reason.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/build/out"}
if [ "$(uname -m)" != "aarch64" ]; then
  echo "acl shim: not built: $(uname -m) is not aarch64 (ACL's NEON backend targets Arm)"
  exit 0
fi
if ! command -v cmake >/dev/null 2>&1; then
  echo "acl shim: not built: cmake not found"
  exit 0
fi
found=""
for dir in "${ACL_ROOT:-}/build" "${ACL_ROOT:-}/lib" /usr/lib/aarch64-linux-gnu /usr/local/lib /usr/lib; do
  if [ -e "$dir/libarm_compute.so" ]; then found="$dir"; break; fi
done
if [ -z "$found" ]; then
  echo "acl shim: not built: libarm_compute.so not found (set ACL_ROOT to an Arm Compute Library build)"
  exit 0
fi
mkdir -p "$here/build" "$out"
cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=Release ${ACL_ROOT:+-DACL_ROOT="$ACL_ROOT"}
cmake --build "$here/build" --parallel
cp "$here/build/libacl_shim.so" "$out/"
echo "acl shim: built $out/libacl_shim.so against $found/libarm_compute.so"
