#!/usr/bin/env bash
# Installs everything and starts the portal on its embedded defaults (SQLite,
# guest sign-in) with the sandbox beside it: an offline AWS Organization (the
# demo organisation) on 127.0.0.1:4566 that the portal scans as it would AWS.
# The backend serves the built frontend on one URL.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LZ_ROOT"

port="${PORTAL_PORT:-7007}"
sandbox_port="${SANDBOX_PORT:-4566}"
url="http://localhost:$port"

yarn install --immutable
yarn workspace app build

cleanup() {
  for pid in ${backend_pid:-} ${sandbox_pid:-}; do
    kill -- -"$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

# Own process groups: `backstage-cli package start` leaves its node child
# running if only yarn is stopped.
setsid yarn workspace @internal/sandbox start --port "$sandbox_port" &
sandbox_pid=$!
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$sandbox_port/_sandbox/counters" && break
  kill -0 "$sandbox_pid" 2>/dev/null || { echo "the sandbox exited" >&2; exit 1; }
  sleep 1
done

# The sandbox's management-account keys (packages/sandbox/README.md), found by
# the AWS SDK's default credential chain exactly as real keys would be.
export AWS_ACCESS_KEY_ID=AKIALZSANDBOXADMIN01
export AWS_SECRET_ACCESS_KEY=lz-sandbox/management/NOT-A-REAL-SECRET
unset AWS_SESSION_TOKEN AWS_PROFILE

# The backend serves the built app, so the app's URL is the backend's.
export APP_CONFIG_app_baseUrl="$url"
export APP_CONFIG_backend_baseUrl="$url"
export APP_CONFIG_backend_listen_port="$port"
export APP_CONFIG_landingZone_aws_endpoints_default="http://127.0.0.1:$sandbox_port"
# The sandbox's GitHub side on the same port (app-config.sandbox.yaml), where
# the templates open their pull requests.
export APP_CONFIG_landingZone_vending_repository_url="127.0.0.1:$sandbox_port?owner=lz-demo&repo=infrastructure"
export APP_CONFIG_integrations_github="[{\"host\":\"127.0.0.1:$sandbox_port\",\"apiBaseUrl\":\"http://127.0.0.1:$sandbox_port/github/api/v3\",\"token\":\"lz-sandbox-github-NOT-A-REAL-TOKEN\"}]"

mkdir -p data
setsid yarn workspace backend start \
  --config ../../app-config.yaml --config ../../app-config.sandbox.yaml \
  --config ../../app-config.demo.yaml &
backend_pid=$!

for _ in $(seq 1 180); do
  if curl -sf -o /dev/null -H 'Authorization: Bearer lz-local-demo-token' "$url/api/catalog/entities?limit=1"; then
    echo
    echo "  Landing Zone Portal is up: open $url (sign in as guest)"
    echo "  Sandbox AWS endpoint: http://127.0.0.1:$sandbox_port (demo organisation)"
    echo "  API: curl -H 'Authorization: Bearer lz-local-demo-token' $url/api/landing-zone/accounts"
    echo
    break
  fi
  kill -0 "$backend_pid" 2>/dev/null || { echo "the backend exited" >&2; exit 1; }
  sleep 1
done
wait "$backend_pid"
