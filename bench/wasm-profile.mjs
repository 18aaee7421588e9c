// wasm-profile.mjs: where the instructions of one training step go, machine instruction by machine
// instruction, in V8's code for the wasm core or in gcc's native build. callgrind (--dump-instr=yes)
// counts how often each address ran while the default network trains; V8's own listing
// (node --print-wasm-code, in the same run) or objdump's gives each address its function and its
// instruction. Prints the instructions per step of every function that runs, all of them sorted
// into kinds (the arithmetic, and what the compiler adds around it), and with --list a function's
// code with its count per step. Like bench/instructions.sh it counts TurboFan code only
// (--no-liftoff); unlike its whole-process counts, these (in the functions only) repeat exactly.
//
//   make bench                                   (builds build/bench/backprop.names.wasm, bench_native)
//   node bench/wasm-profile.mjs [module.wasm] [--steps 100000] [--list eval]
//   node bench/wasm-profile.mjs --native [--list eval]
//
// A module needs function names (emcc --profiling-funcs), as backprop.names.wasm has.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const fail = (text) => { console.error(`wasm-profile: ${text}`); process.exit(1); };
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value`);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args.splice(i, 1).length > 0;
};
const steps = Number(option('steps', 100000));
const listed = option('list', null);
const native = flag('native');
const target = native ? join(root, 'build/bench/bench_native') : args[0] ?? join(root, 'build/bench/backprop.names.wasm');
if (!existsSync(target)) fail(`${target} does not exist: run make bench first`);
if (!(Number.isInteger(steps) && steps >= 1000)) fail('--steps takes a whole number from 1000');
for (const tool of native ? ['valgrind', 'objdump'] : ['valgrind'])
  if (spawnSync(tool, ['--version']).status !== 0) fail(`${tool} is not installed`);

/** Run `command` under callgrind: its standard output, and what ran (see executed) in `object`
    (a file name; null: everything, as for V8's generated code, which belongs to no file). */
function callgrind(command, object) {
  const dir = mkdtempSync(join(tmpdir(), 'wasm-profile-')), out = join(dir, 'callgrind.out');
  const run = spawnSync('valgrind', ['--tool=callgrind', '--dump-instr=yes', '--dump-line=yes', '--compress-pos=yes',
    `--callgrind-out-file=${out}`, '--smc-check=all', ...command], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const text = run.status === 0 && existsSync(out) ? readFileSync(out, 'utf8') : null;
  rmSync(dir, { recursive: true, force: true }); // (before fail(): process.exit skips finally blocks)
  if (text === null) { // the program's own last words, not valgrind's (its lines start with ==pid==)
    const said = (run.stderr ?? String(run.error)).split('\n').filter((l) => l.trim() && !l.startsWith('==') && !/^\s+at /.test(l));
    fail(`the run under valgrind failed: ${said.slice(-4).join(' | ')}`);
  }
  return { stdout: run.stdout, at: executed(text, object) };
}

/** From callgrind's output ("positions: instr line", "events: Ir"): instructions executed at each
    address of `object` (null: of every object). */
function executed(text, object) {
  if (!/^positions: instr line$/m.test(text) || !/^events: Ir$/m.test(text))
    fail('callgrind wrote another format than "positions: instr line" and "events: Ir" (options in ~/.valgrindrc?)');
  const at = new Map(), objects = new Map();
  let last = 0, skipNext = false, ob = '';
  for (const line of text.split('\n')) {
    // An object's name is given once, where its id first appears (in ob= or cob=); costs go to
    // the current ob=, not to a called object (cob=).
    const o = /^c?ob=\((\d+)\)(?: (.*))?$/.exec(line);
    if (o) {
      if (o[2] !== undefined) objects.set(o[1], o[2]);
      if (line[0] === 'o') ob = objects.get(o[1]);
      continue;
    }
    if (line.startsWith('calls=')) { skipNext = true; continue; } // the next line: the call's inclusive cost
    const c = line[0];
    if (!(c === '0' || c === '+' || c === '-' || c === '*')) continue;
    const [pos, , ir] = line.split(' ');
    if (pos.startsWith('0x')) last = parseInt(pos, 16);
    else if (c === '+') last += Number(pos.slice(1));
    else if (c === '-') last -= Number(pos.slice(1));
    if (skipNext) { skipNext = false; continue; }
    if (ir === undefined || (object && ob !== object)) continue;
    at.set(last, (at.get(last) ?? 0) + Number(ir));
  }
  return at;
}

/** V8's listing: per function, its instructions as { address, text } (Intel syntax). */
function v8Functions(listing) {
  const byName = new Map();
  let name = null;
  for (const line of listing.split('\n')) {
    if (line.startsWith('name: ')) {
      name = line.slice(6).trim();
      if (!byName.has(name)) byName.set(name, []);
      continue;
    }
    const m = /^(0x[0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+(.*)$/.exec(line);
    if (m && name) byName.get(name).push({ address: parseInt(m[1], 16), text: m[2].trim() });
  }
  return byName;
}

/** objdump's listing of a binary (Intel syntax). callgrind gives a binary's addresses as objdump
    does (from the file's start, position-independent or not): checked on eval's entry, which runs. */
function nativeFunctions(binary, at) {
  const dump = spawnSync('objdump', ['-d', '--no-show-raw-insn', '-M', 'intel', binary], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const byName = new Map();
  let name = null;
  for (const line of dump.stdout.split('\n')) {
    const f = /^([0-9a-f]+) <(.+)>:$/.exec(line);
    if (f) { name = f[2]; byName.set(name, []); continue; }
    const m = /^\s+([0-9a-f]+):\s+(.*?)\s*(#.*)?$/.exec(line);
    if (m && name) byName.get(name).push({ address: parseInt(m[1], 16), text: m[2].replace(/\s+/g, ' ') });
  }
  const entry = byName.get('eval')?.[0]?.address;
  if (entry === undefined || !at.has(entry)) fail("eval's first instruction is not among the addresses that ran");
  return byName;
}

// What an instruction is for, from its disassembly (V8's or objdump's, both Intel syntax). A spill
// or reload is a move to or from a frame slot: [rbp - n] in V8's code, [rsp + n] in gcc's (which
// uses rbp as a general register); arithmetic or a compare reading a slot counts as what it does.
const SLOT = native ? /\[rsp(\+0x[0-9a-f]+)?\]/ : /\[rbp[-+]0x[0-9a-f]+\]/;
const KINDS = [
  ['stack or interrupt check (V8: function entry, every loop)', (t, prev) => /^REX\.W cmpq rsp,\[/.test(t) ||
    (/^jna /.test(t) && /^REX\.W cmpq rsp,/.test(prev))],
  ['f64 arithmetic', (t) => /^v?(add|sub|mul|div|sqrt)sd /.test(t)],
  ['compare or branch', (t) => /^(v?u?comisd|cmp[lqb]?|test[lqb]?|j[a-z]+|REX\.W (cmpq|testq)|set[a-z]+|cmov[a-z]+)\b/.test(t)],
  ['f64 constant put in a register', (t) => /^REX\.W movq r10,(0x[0-9a-f]+|\[rip)/.test(t) || /^vmovq xmm\d+,r10$/.test(t) ||
    /^vp(cmpeqd|sllq|srlq) /.test(t) || /^v?(xorpd|pxor) (xmm\d+),\s?\2(,\s?\2)?$/.test(t) ||
    /^v?movs?[dq] xmm\d+,\s?QWORD PTR \[rip/.test(t)],
  ['spill or reload (frame slot)', (t) => /^(REX\.W )?v?mov[a-z]*\b/.test(t) && SLOT.test(t)],
  ['f64 sign, mask or select', (t) => /^v?(andp[ds]|xorp[ds]|orp[ds]|andnp[ds]|cmp[a-z]*sd|blendvpd)\b/.test(t)],
  ['f64 load or store', (t) => /^v?movsd .*\[/.test(t) || /^v?movq .*\[/.test(t)],
  ['register move', (t) => /^(v?movap[ds]|v?movq|movl?|REX\.W movq) [a-z][a-z0-9]*,\s?[a-z][a-z0-9]*$/.test(t)],
  ['integer (indexes, addresses, loop counters)', (t) => /^(REX\.W )?(lea[lq]?|add[lq]?|sub[lq]?|sh[lr][lq]?|sa[lr][lq]?|and[lq]?|or[lq]?|xor[lq]?|imul[lq]?|inc[lq]?|dec[lq]?|neg[lq]?|mov[lq]?|movzx[a-z]*|movsx[a-z]*|cdq[e]?|cdql|idiv[lq]?)\b/.test(t)],
  ['calls, entry and exit', (t) => /^(push|pop|ret[lq]?|call|leave)\b/.test(t)],
];
const kindOf = (text, prev) => (KINDS.find(([, test]) => test(text, prev)) ?? ['other'])[0];

let byName, at, runSteps;
if (native) {
  // bench_native trains steps / 10 + 1 steps to warm up, then `steps`
  runSteps = steps + Math.floor(steps / 10) + 1;
  const run = callgrind([target, 'step', '3', '2', String(steps)], target);
  at = run.at;
  byName = nativeFunctions(target, at);
} else {
  runSteps = steps;
  const run = callgrind([process.execPath, '--no-liftoff', '--single-threaded', '--print-wasm-code',
    join(root, 'bench/count-wasm.mjs'), target, String(steps)], null);
  at = run.at;
  byName = v8Functions(run.stdout);
}
const perStep = new Map();
for (const [name, code] of byName) {
  const n = code.reduce((sum, ins) => sum + (at.get(ins.address) ?? 0), 0) / runSteps;
  if (n >= 0.5 && !(native && /^(main|train|now|_start)$/.test(name))) perStep.set(name, n);
}
const total = [...perStep.values()].reduce((a, b) => a + b, 0);
console.log(`${target}: ${total.toFixed(0)} instructions per step in ${native ? 'the core (gcc)' : 'wasm code (TurboFan)'}, ${runSteps} steps`);
for (const [name, n] of [...perStep].sort((a, b) => b[1] - a[1])) console.log(`  ${n.toFixed(1).padStart(8)}  ${name}`);

const kinds = new Map();
for (const name of perStep.keys()) {
  let prev = '';
  for (const { address, text } of byName.get(name)) {
    const n = (at.get(address) ?? 0) / runSteps, kind = kindOf(text, prev);
    if (n > 0) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    prev = text;
  }
}
console.log('\nby kind (all of the above):');
for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1]))
  console.log(`  ${n.toFixed(0).padStart(8)}  ${(100 * n / total).toFixed(1).padStart(5)}%  ${kind}`);

if (listed) {
  const code = byName.get(listed);
  if (!code) fail(`no function ${listed} in the listing`);
  console.log(`\n${listed}: per step, the instructions that ran`);
  let prev = '';
  for (const { address, text } of code) {
    const n = (at.get(address) ?? 0) / runSteps;
    if (n >= 0.5) console.log(`  ${n.toFixed(2).padStart(8)}  ${text.padEnd(48)} ${kindOf(text, prev)}`);
    prev = text;
  }
}
