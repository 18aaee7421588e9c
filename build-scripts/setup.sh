#!/bin/sh
# Install what `make`, `make test` and `make run` need on Debian 12, and nothing more.
# Idempotent: when everything is present it checks and exits quickly without touching apt or npm.
set -eu
cd "$(dirname "$0")/.."

# Debian packages: command (or file) that proves presence -> package name.
missing=""
need() { [ -e "$1" ] || command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need cc gcc
need clang clang
need make make
need emcc emscripten
need node nodejs
need npm npm
need /usr/bin/chromium chromium
need /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.asan-x86_64.a libclang-rt-14-dev
need gzip gzip
need valgrind valgrind

if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists; fetch them once, only when something is missing.
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages (test-only: playwright-core drives the system Chromium). Reinstall only when
# the lock file is newer than the installed tree.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
