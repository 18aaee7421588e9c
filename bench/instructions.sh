#!/bin/sh
# instructions.sh: instructions per gradient step of the default network (N = 3, H = 2, softplus),
# counted by valgrind --tool=callgrind, natively and in V8 (TurboFan only), plus the floor.
# Unlike timings on this shared machine these repeat (natively exactly; in V8 to within about
# 3%), so they show what a change to src/ or to the build flags really does. Each figure is the difference of two runs of different
# lengths divided by the difference in steps, so start-up cost cancels. Takes about a minute
# per wasm module.
#
#   make bench                                  (builds build/bench/bench_native)
#   sh bench/instructions.sh [extra.wasm ...]   build/web/backprop.wasm is always counted
set -e
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
[ -x build/bench/bench_native ] || { echo "instructions.sh: run make bench first" >&2; exit 1; }

refs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | awk '/refs:/ { gsub(",", "", $4); print $4 }'; }

# bench_native runs STEPS + STEPS/10 + 1 steps (its warm-up included): 11000 more for 20000 vs 10000.
for mode in step floor-core floor; do
  a=$(refs build/bench/bench_native $mode 3 2 10000); b=$(refs build/bench/bench_native $mode 3 2 20000)
  echo "native $mode: $(( (b - a) / 11000 )) instructions per step"
done

for w in build/web/backprop.wasm "$@"; do
  a=$(refs --smc-check=all node --no-liftoff --single-threaded bench/count-wasm.mjs "$w" 100000)
  b=$(refs --smc-check=all node --no-liftoff --single-threaded bench/count-wasm.mjs "$w" 300000)
  echo "wasm $w ($(wc -c < "$w") bytes): $(( (b - a) / 200000 )) instructions per step"
done
