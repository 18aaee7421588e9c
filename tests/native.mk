# Native test tooling beyond the two test binaries of `make test` (included by the Makefile).
# Every target builds its own binaries into build/; none needs `make all`.
#   make valgrind      memcheck over the core tests and a replay of the fuzz seed corpus
#   make fuzz          libFuzzer for FUZZ_SECONDS (300), growing build/fuzz-corpus
#   make fuzz-short    FUZZ_SHORT_SECONDS (30) from a fresh copy of the seeds (used by make test)

CLANG              ?= clang
VALGRIND           ?= valgrind
FUZZ_SECONDS       ?= 300
FUZZ_SHORT_SECONDS ?= 30
# -max_len: scripts longer than 1 KB add nothing new; -timeout: one input may not hang.
FUZZ_RUN_FLAGS     ?= -max_len=1024 -timeout=20 -print_final_stats=1
FUZZ_CFLAGS         = -g -O2 -std=c11 -ffp-contract=off -Wall -Wextra -Wpedantic -Werror \
                      -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
VALGRIND_FLAGS      = -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all --track-origins=yes

.PHONY: valgrind fuzz fuzz-short

# The core tests with debug information, for readable valgrind reports.
build/test_core_vg: tests/test_core.c tests/check.h $(CORE)
	@mkdir -p build
	$(CC) $(CFLAGS) -g -Isrc tests/test_core.c src/backprop.c -o $@ $(LDLIBS)

# The fuzz harness as a plain program that replays files (no libFuzzer, so valgrind can run it).
build/fuzz_replay: tests/fuzz.c $(CORE)
	@mkdir -p build
	$(CC) $(CFLAGS) -g -DFUZZ_MAIN -Isrc tests/fuzz.c src/backprop.c -o $@ $(LDLIBS)

# The libFuzzer binary, with address and undefined-behaviour sanitizers.
build/fuzz: tests/fuzz.c $(CORE)
	@mkdir -p build
	$(CLANG) $(FUZZ_CFLAGS) -Isrc tests/fuzz.c src/backprop.c -o $@ -lm

# Memcheck: no invalid access, no uninitialised value used, no leak (exit 99 on any report).
# Both programs run even when the first fails; the core tests' summary line comes last but one.
valgrind: build/test_core_vg build/fuzz_replay
	@status=0; \
	$(VALGRIND) $(VALGRIND_FLAGS) build/test_core_vg || status=1; \
	$(VALGRIND) $(VALGRIND_FLAGS) build/fuzz_replay tests/fuzz-corpus/* || status=1; \
	exit $$status

# Fuzz for FUZZ_SECONDS; the corpus grows in build/fuzz-corpus, crashes land in build/fuzz-artifacts.
fuzz: build/fuzz
	@mkdir -p build/fuzz-corpus build/fuzz-artifacts
	cp tests/fuzz-corpus/* build/fuzz-corpus/
	build/fuzz $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build/fuzz-artifacts/ \
	    build/fuzz-corpus

# A short run from a fresh copy of the committed seeds (the seeds themselves are never changed).
fuzz-short: build/fuzz
	@rm -rf build/fuzz-short && mkdir -p build/fuzz-short/corpus
	@cp tests/fuzz-corpus/* build/fuzz-short/corpus/
	build/fuzz $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_SHORT_SECONDS) -artifact_prefix=build/fuzz-short/ \
	    build/fuzz-short/corpus
