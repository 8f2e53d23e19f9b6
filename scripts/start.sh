#!/usr/bin/env bash
# Installs everything and starts the portal on its embedded defaults (SQLite,
# guest sign-in), the backend serving the built frontend on one URL.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LZ_ROOT"

port="${PORTAL_PORT:-7007}"
url="http://localhost:$port"

yarn install --immutable
yarn workspace app build

# The backend serves the built app, so the app's URL is the backend's.
export APP_CONFIG_app_baseUrl="$url"
export APP_CONFIG_backend_baseUrl="$url"
export APP_CONFIG_backend_listen_port="$port"

cleanup() { [ -n "${backend_pid:-}" ] && kill -- -"$backend_pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Own process group: `backstage-cli package start` leaves its node child running
# if only yarn is stopped.
setsid yarn workspace backend start &
backend_pid=$!

for _ in $(seq 1 180); do
  if curl -sf -o /dev/null -H 'Authorization: Bearer lz-local-demo-token' "$url/api/catalog/entities?limit=1"; then
    echo
    echo "  Landing Zone Portal is up: open $url (sign in as guest)"
    echo "  API: curl -H 'Authorization: Bearer lz-local-demo-token' $url/api/catalog/entities"
    echo
    break
  fi
  kill -0 "$backend_pid" 2>/dev/null || { echo "the backend exited" >&2; exit 1; }
  sleep 1
done
wait "$backend_pid"
