// count-wasm.mjs: train the default network N steps with a given backprop.wasm, nothing else;
// bench/instructions.sh runs it under callgrind twice (two N) to get instructions per step.
//   node bench/count-wasm.mjs build/web/backprop.wasm 100000
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const facade = fileURLToPath(new URL('../build/web/backprop.js', import.meta.url));
const { loadBackprop } = await import(facade);
const [file, steps] = process.argv.slice(2);
const net = await loadBackprop({ wasm: readFileSync(file) });
net.train(Number(steps));
