#!/usr/bin/env bash
# Makes sure the machine services the tests need are there: PostgreSQL on
# 127.0.0.1:5432, Debian's Chromium with CJK and emoji fonts for the browser
# tests (without fonts-noto-cjk the Japanese screenshots show boxes, and
# without fonts-noto-color-emoji so does an account named with an emoji), and
# git for the sandbox's GitHub side.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "[services] starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -n 1)" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
fi

missing=()
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  missing+=(chromium)
fi
for font in fonts-noto-cjk fonts-noto-color-emoji; do
  if ! dpkg -s "$font" >/dev/null 2>&1; then
    missing+=("$font")
  fi
done
# The sandbox's GitHub side keeps real repositories: git 2.38 or later
# (merge-tree --write-tree), and git http-backend to serve them.
git_version="$(git --version 2>/dev/null | sed -n 's/^git version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
if [ -z "$git_version" ] || [ "$(echo "$git_version" | awk '{ print ($1 > 2 || ($1 == 2 && $2 >= 38)) }')" != 1 ]; then
  missing+=(git)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[services] installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
