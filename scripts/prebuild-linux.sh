#!/usr/bin/env bash
# Builds the linux-x64 prebuilds on a Debian-like machine:
#   prebuilds/linux-x64/memkit.glibc.node  prebuildify (node-gyp) with the system g++
#   prebuilds/linux-x64/memkit.musl.node   for Alpine and other musl systems
# The musl build needs only Debian's musl-tools: the sources are compiled against musl's
# headers (with libstdc++'s headers, made musl-clean by scripts/musl/include), libstdc++ and
# libgcc are linked in statically, and the few glibc-only symbols those archives use come from
# scripts/musl/compat.c. The result is then loaded by musl's own dynamic linker (RTLD_NOW, with
# stand-ins for Node's own exports, napi_* and uv_*) to prove that every other symbol resolves under musl.
#
# Usage: scripts/prebuild-linux.sh [glibc|musl]...   (default: both; writes $PREBUILDS_ROOT/prebuilds/,
# PREBUILDS_ROOT defaulting to the package folder)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("${@:-glibc musl}")
targets=(${targets[*]})

arch=$(node -p process.arch)
[ "$(uname -s)" = Linux ] && [ "$arch" = x64 ] || { echo "prebuild-linux.sh: builds linux-x64 only (this is $(uname -s) $arch)" >&2; exit 1; }
for target in "${targets[@]}"; do
  case $target in glibc | musl) ;; *) echo "prebuild-linux.sh: unknown target '$target' (glibc or musl)" >&2; exit 1 ;; esac
done
root=$(realpath -m "${PREBUILDS_ROOT:-.}")
out=$root/prebuilds/linux-x64
mkdir -p "$out"

# glibc: prebuildify's own build, tagged (node-gyp-build picks it where libc is glibc).
if [[ " ${targets[*]} " == *" glibc "* ]]; then
  npx prebuildify --napi --strip --tag-libc --out "$root"
fi
[[ " ${targets[*]} " == *" musl "* ]] || exit 0

# musl
command -v musl-gcc >/dev/null || { echo "prebuild-linux.sh: musl-gcc not found: apt-get install musl-tools" >&2; exit 1; }
gcc_version=$(gcc -dumpversion | cut -d. -f1)
gcc_lib=/usr/lib/gcc/x86_64-linux-gnu/$gcc_version
musl_lib=/usr/lib/x86_64-linux-musl
musl_include=/usr/include/x86_64-linux-musl
node_include=$(node -p "require('path').join(process.execPath, '../../include/node')")
[ -f "$node_include/node_api.h" ] || node_include=$(find "${HOME}/.cache/node-gyp" -path "*/include/node" -type d 2>/dev/null | sort | tail -1)
[ -f "$node_include/node_api.h" ] || { echo "prebuild-linux.sh: Node's headers not found (run npm ci first)" >&2; exit 1; }
addon_api=$(node -p "require('node-addon-api').include_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cxxflags=(-std=c++17 -O2 -fPIC -fno-exceptions -fvisibility=hidden -Wall -Wextra -Werror -nostdinc
  -isystem "/usr/include/c++/$gcc_version" -isystem scripts/musl/include
  -isystem "/usr/include/x86_64-linux-gnu/c++/$gcc_version" -isystem "$musl_include" -isystem "$gcc_lib/include"
  -I"$node_include" -I"$addon_api")
# The sources and defines binding.gyp builds on Linux, so this build never drifts from it.
gyp_linux() {
  node -e "const t = JSON.parse(require('fs').readFileSync('binding.gyp', 'utf8')).targets[0];
    const linux = t.conditions.filter(([c]) => c === \"OS=='linux'\").flatMap(([, x]) => x.sources || []);
    console.log(($1).join('\n'))"
}
while read -r define; do cxxflags+=("-D$define"); done < <(gyp_linux 't.defines')
while read -r source; do
  g++ "${cxxflags[@]}" -c "$source" -o "$work/$(basename "$source" .cc).o"
done < <(gyp_linux '[...t.sources, ...linux]')
musl-gcc -O2 -fPIC -Wall -Wextra -Werror -c scripts/musl/compat.c -o "$work/compat.o"
g++ -shared -nostdlib -Wl,--strip-all -Wl,--exclude-libs,ALL -o "$out/memkit.musl.node" \
  "$musl_lib/crti.o" "$gcc_lib/crtbeginS.o" "$work"/*.o \
  -Wl,--start-group "$gcc_lib/libstdc++.a" "$gcc_lib/libgcc_eh.a" "$gcc_lib/libgcc.a" -Wl,--end-group \
  -L/lib/x86_64-linux-musl -lc "$gcc_lib/crtendS.o" "$musl_lib/crtn.o"

# Load it with musl's dynamic linker, Node's own exports (napi_*, node_api_*, libuv's uv_*) stubbed.
nm -D --undefined-only "$out/memkit.musl.node" | awk '$2 ~ /^napi_|^node_api_|^uv_/ {print "int " $2 "(void) { return 9; }"}' > "$work/napi-stubs.c"
musl-gcc -O2 -rdynamic -o "$work/dlopen-check" scripts/musl/dlopen-check.c "$work/napi-stubs.c" -ldl
"$work/dlopen-check" "$out/memkit.musl.node"
ls -l "$out"
