# Native extras for `make test`, sourced by build-scripts/test.sh (which defines run_c):
# the core tests under valgrind memcheck (a few seconds) and a short libFuzzer run (about 30 s).
# Both build their own binaries (tests/native.mk).

run_c "native core tests under valgrind memcheck" make -s --no-print-directory valgrind

# The short fuzz run, quiet on success; prints a summary line for run_c from the fuzzer's exit code.
native_fuzz_short() {
  mkdir -p build
  if make -s --no-print-directory fuzz-short >build/fuzz-short.log 2>&1; then
    grep -E '^Done [0-9]+ runs' build/fuzz-short.log | tail -n 1
    echo "1 passed, 0 failed"
  else
    echo "the fuzzer found a problem (input saved in build/fuzz-short/, full log build/fuzz-short.log):"
    grep -E 'invariant violated|runtime error|ERROR: ' build/fuzz-short.log | head -n 5
    echo "..."
    tail -n 25 build/fuzz-short.log
    echo "0 passed, 1 failed"
  fi
}
run_c "fuzzing: sequences of core API calls (libFuzzer, 30 s)" native_fuzz_short
