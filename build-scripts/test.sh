#!/bin/sh
# Run every test suite, then print one summary line "N passed, N failed" and exit non-zero on
# any failure. Each suite prints its own details; this script only adds up their counts.
cd "$(dirname "$0")/.."
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT

# count_c SUITE CMD...: a C test binary that ends with "N passed, N failed".
run_c() {
  name=$1; shift
  echo "== $name"
  "$@" >"$log" 2>&1; rc=$?
  cat "$log"
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
  [ -n "$line" ] || { p=0; f=1; echo "$name: no summary line (exit $rc)"; }
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || { f=1; echo "$name: exit $rc"; }
  passed=$((passed + p)); failed=$((failed + f))
}

# run_node SUITE FILES...: node:test files, counted from the TAP summary.
run_node() {
  name=$1; shift
  echo "== $name"
  node --test --test-reporter=tap "$@" >"$log" 2>&1; rc=$?
  grep -E '^(not ok|# (pass|fail|tests|duration))|^ *not ok' "$log" || true
  # on a failure, each failing test's diagnostics (its YAML block: error, expected, actual, stack)
  if [ "$rc" -ne 0 ]; then awk '/^ *not ok /{p=1} p{print} p && /^ *\.\.\.$/{p=0}' "$log" | head -n 400; fi
  p=$(grep -E '^# pass ' "$log" | tail -n 1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$log" | tail -n 1 | awk '{print $3}')
  [ -n "$p" ] || { p=0; f=1; echo "$name: no summary (exit $rc)"; }
  [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || { f=1; echo "$name: exit $rc"; }
  passed=$((passed + p)); failed=$((failed + f))
}

run_c "native core tests" build/test_core
run_c "native core tests (address + undefined sanitizers)" build/test_core_san
for extra in build-scripts/test.d/*.sh; do [ -f "$extra" ] && . "$extra"; done
run_node "module tests (Node)" tests/*.test.mjs
if ls tests/browser/*.test.mjs >/dev/null 2>&1; then run_node "browser tests (Chromium)" tests/browser/*.test.mjs; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
