# backprop: a C core, compiled to WebAssembly, trained live on a web page.
# `make run` builds and serves the page; `make test` runs every test. Both install what is missing.

CC      ?= cc
EMCC    ?= emcc
PORT    ?= 8000
# -ffp-contract=off: no fused multiply-add, so native results equal WebAssembly's bit for bit.
CFLAGS  ?= -O2 -std=c11 -ffp-contract=off -Wall -Wextra -Wpedantic -Werror
LDLIBS  ?= -lm
SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g

# Debian's emcc 3.1.6 needs the system's node modules (acorn) with this Node.
export NODE_PATH := /usr/share/nodejs

# emcc flags, each for a reason:
#   -Os -mbulk-memory         small code; memcpy/memset become single instructions. The hot path
#                             is forced inline in the source (BP_HOT), so -O2/-O3 add 6-8 KB and
#                             no speed (callgrind: 1630 and 1618 V8 instructions per step vs 1623)
#   --no-entry                a library: no main, no Emscripten JS glue; backprop.js instantiates it
#   -sALLOW_MEMORY_GROWTH=0   the core never allocates: fixed memory, so JS views never go stale
#   -sINITIAL_MEMORY=4MB      static net + exchange buffer (about 1.3 MB) + stack
#   -sTOTAL_STACK=64KB        the core's frames are small (bp_net copies: about 25 KB)
#   -sFILESYSTEM=0 -sMALLOC=none   nothing to read, nothing to allocate
#   -sERROR_ON_UNDEFINED_SYMBOLS=1 no imports sneak in
EMFLAGS = -Os -mbulk-memory --no-entry -sALLOW_MEMORY_GROWTH=0 -sINITIAL_MEMORY=4MB -sTOTAL_STACK=64KB \
          -sFILESYSTEM=0 -sMALLOC=none -sERROR_ON_UNDEFINED_SYMBOLS=1

CORE     = src/backprop.c src/backprop.h src/bp_math.h
WEB      = $(wildcard web/*)
SITE     = build/web

.PHONY: all setup run test bench dist clean

# Build the WebAssembly module and assemble the site under build/web (web/, minified, + backprop.wasm).
all: setup $(SITE)/backprop.wasm $(SITE)/.stamp build/bp_cli

# Install missing Debian and npm packages (quick no-op when all is present).
setup:
	@sh build-scripts/setup.sh

build/backprop.wasm: $(CORE) src/wasm.c Makefile
	@mkdir -p build
	$(EMCC) $(EMFLAGS) src/backprop.c src/wasm.c -o $@

$(SITE)/backprop.wasm: build/backprop.wasm
	@mkdir -p $(SITE)
	cp $< $@

# The page's files, minified one by one (no bundling) and with preload hints: build-site.mjs.
$(SITE)/.stamp: $(WEB) build-scripts/build-site.mjs build-scripts/modules.mjs
	@mkdir -p $(SITE)
	node build-scripts/build-site.mjs --src web --out $(SITE)
	@touch $@

# Native command-line driver used by tests to compare native, WASM and the JS reference.
build/bp_cli: tests/bp_cli.c $(CORE)
	@mkdir -p build
	$(CC) $(CFLAGS) -Isrc tests/bp_cli.c src/backprop.c -o $@ $(LDLIBS)

build/test_core: tests/test_core.c tests/check.h $(CORE)
	@mkdir -p build
	$(CC) $(CFLAGS) -Isrc tests/test_core.c src/backprop.c -o $@ $(LDLIBS)

build/test_core_san: tests/test_core.c tests/check.h $(CORE)
	@mkdir -p build
	$(CC) $(CFLAGS) $(SANITIZE) -Isrc tests/test_core.c src/backprop.c -o $@ $(LDLIBS)

# Build, then serve the page on http://localhost:$(PORT) (override: make run PORT=9000).
run: all
	node build-scripts/serve.mjs --root $(SITE) --port $(PORT)

# Every test: native C (plain and sanitized), Node tests of the module, browser tests.
test: all build/test_core build/test_core_san
	@sh build-scripts/test.sh

# The offline single file: dist/backprop.html (page, styles, modules and WebAssembly inlined, packed).
dist: all
	node build-scripts/make-dist.mjs --site $(SITE) --out dist/backprop.html

# Benchmarks (not part of test): prints a table, writes build/bench.json.
bench: dist
	node bench/bench.mjs

# Remove build outputs.
clean:
	rm -rf build dist

# Extra targets kept beside the tests they serve (fuzzing, valgrind, ...).
-include tests/*.mk
