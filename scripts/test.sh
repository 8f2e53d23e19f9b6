#!/usr/bin/env bash
# Installs everything and runs every test: type check, API reports, lint, prettier, unit and
# backend tests (SQLite and PostgreSQL), the frontend build and the browser test.
# `.ci/run` calls exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$LZ_ROOT"

step() { echo; echo "==> $*"; }
timed() { local s=$SECONDS; "$@"; echo "    ($(( SECONDS - s )) s)"; }

step "install"
timed yarn install --immutable

step "services: PostgreSQL and Chromium"
bash scripts/ensure-services.sh

# Backend tests run on SQLite and on the machine's PostgreSQL through
# TestDatabases. With CI set it would try docker for every version; point the
# POSTGRES_15 id at the local server instead (that id works for any version).
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres:lz-test-pw@127.0.0.1:5432}"

step "licences"
node scripts/check-licenses.mjs

step "type check"
timed yarn tsc

step "API reports (report.api.md of our packages match their exports)"
timed yarn build:api-reports:only --ci

step "lint"
timed yarn lint

step "prettier"
timed yarn prettier:check

mkdir -p test-results
step "unit and backend tests"
# Without CI=true the Backstage CLI starts jest in watch mode.
CI=true timed yarn test 2>&1 | tee test-results/unit.log

step "build"
timed yarn workspace app build
timed yarn workspace backend build

step "browser test"
timed node --test e2e/*.test.mjs 2>&1 | tee test-results/browser.log

# One closing line for every runner together: jest's "Tests:" line and node's
# test runner's "# pass" / "# fail" lines.
count() { sed 's/\x1b\[[0-9;]*m//g' "$1" | sed -n "$2" | tail -n 1; }
unit_passed=$(count test-results/unit.log 's/^Tests:.* \([0-9][0-9]*\) passed.*/\1/p')
unit_failed=$(count test-results/unit.log 's/^Tests:.* \([0-9][0-9]*\) failed.*/\1/p')
browser_passed=$(count test-results/browser.log 's/^# pass \([0-9][0-9]*\)$/\1/p')
browser_failed=$(count test-results/browser.log 's/^# fail \([0-9][0-9]*\)$/\1/p')
echo
echo "summary: $(( ${unit_passed:-0} + ${browser_passed:-0} )) passed, $(( ${unit_failed:-0} + ${browser_failed:-0} )) failed"
