#!/usr/bin/env bash
# What `pnpm test` needs beyond npm packages, on Debian 12 as root (used by scripts/quickstart.sh and .ci/run):
#   - chromium: the viewer's browser tests drive /usr/bin/chromium through playwright-core;
#   - postgresql + python3-psycopg2: integration-tests start a throwaway PostgreSQL cluster behind MLflow;
#   - the real MLflow server kit (../shared/mlflow-server, or $TRACELOOM_MLFLOW_KIT): its first start installs the
#     kit's own python3-* packages; it is started once here and stopped, so the tests' servers start in seconds.
# Safe to run again: what is installed is skipped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIT="${TRACELOOM_MLFLOW_KIT:-$ROOT/../shared/mlflow-server}"
say() { echo "› $*"; }

[ "$(id -u)" = 0 ] || { echo "test-prerequisites: run as root (apt-get, and su postgres in the tests)" >&2; exit 1; }
want=""
[ -x /usr/bin/chromium ] || want="$want chromium"
[ -x /usr/lib/postgresql/15/bin/initdb ] || want="$want postgresql"
dpkg-query -W -f='${Status}' python3-psycopg2 2>/dev/null | grep -q 'ok installed' || want="$want python3-psycopg2"
if [ -n "$want" ]; then
  say "apt-get install$want"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want >/dev/null
fi
[ -x "$KIT/start" ] || { echo "test-prerequisites: MLflow server kit not found at $KIT (set TRACELOOM_MLFLOW_KIT)" >&2; exit 1; }
home="$(mktemp -d "${TMPDIR:-/tmp}/traceloom-kit-warmup.XXXXXX")"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
say "MLflow server kit: first start (installs its Debian packages once)"
"$KIT/start" --port "$port" --home "$home" >/dev/null
say "MLflow $(curl -s --max-time 5 "http://127.0.0.1:$port/version") answers on 127.0.0.1:$port; stopping it"
"$KIT/stop" --home "$home" 2>/dev/null
rm -rf "$home"
