#!/usr/bin/env bash
# One command from a fresh clone to a recorded trace: installs pnpm and the workspace (better-sqlite3 is compiled
# against the local Node's headers, nothing is downloaded but npm packages), builds, and runs `traceloom demo` —
# an agent talking to a loopback OpenAI-compatible server, so no API key or network is needed.
# As root on Debian it also installs what `pnpm test` needs (scripts/test-prerequisites.sh: Chromium, PostgreSQL, the
# real MLflow server kit's packages).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION="$(node -p "(require('./package.json').packageManager || 'pnpm@12.4.2').split('@')[1]")"
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "› installing pnpm@$PNPM_VERSION"
  npm install -g --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION"
  hash -r
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # chromium, postgresql and the MLflow server kit's packages, for `pnpm test`
  bash scripts/test-prerequisites.sh || echo "› test prerequisites incomplete (above): \`pnpm test\` needs them, the demo does not"
else
  echo "› not root on Debian: run scripts/test-prerequisites.sh as root before \`pnpm test\`"
fi

NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[ -f "$NODE_PREFIX/include/node/node_api.h" ] && export npm_config_nodedir="$NODE_PREFIX"

echo "› pnpm install"
pnpm install --frozen-lockfile --reporter=silent
echo "› pnpm demo"
pnpm demo
