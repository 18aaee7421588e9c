// build-modules.test.mjs: build-scripts/modules.mjs, which finds the files a page and its modules
// name, on small written inputs with known answers and on the real page (web/ and build/web);
// make-dist.mjs refusing what it cannot inline or pack; the packed file's data block.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

import { dependencyOrder, moduleImports, packedBlock, pageFiles, pageLinks, reach, resolvePath, unpackBlock } from '../build-scripts/modules.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web'), SITE = join(ROOT, 'build', 'web');
const read = (file) => readFileSync(join(WEB, file), 'utf8');
const minify = (code) => transformSync(code, { loader: 'js', format: 'esm', target: 'es2022', minify: true }).code;
const named = (code, options) => moduleImports(code, options).map((r) => `${r.kind} ${r.specifier}`);
/** The modules a readable source imports (static and import()), as paths. */
const imported = (path) => moduleImports(read(path)).filter((r) => r.kind !== 'url').map((r) => resolvePath(path, r.specifier));

// Every import form the page's modules use, each binding used (esbuild keeps them as written).
const FORMS = `import { a, b as c } from './a.js';
import d from '../d.js';
import * as e from './sub/e.js';
import {
  f,
} from './f.js';
import { readFile } from 'node:fs/promises';
const later = () => import('./later.js');
const wasm = new URL('./core.wasm', import.meta.url);
export const all = [a, c, d, e, f, readFile, later, wasm];
`;
const FORMS_FOUND = ['static ./a.js', 'static ../d.js', 'static ./sub/e.js', 'static ./f.js', 'dynamic ./later.js', 'url ./core.wasm'];

test('each import form, in the order written; bare and node: specifiers are not files', () => {
  assert.deepEqual(named(FORMS), FORMS_FOUND);
  assert.deepEqual(named("import './side.js';\nimport \"./double.js\"\n"), ['static ./side.js', 'static ./double.js']);
  assert.deepEqual(named("import { transform } from 'esbuild';\nawait import('node:fs');\n"), []);
});

test('esbuild\'s minified output names the same files', () => {
  const code = minify(FORMS);
  assert.equal(code.split('\n').filter(Boolean).length, 1, 'all on one line');
  assert.deepEqual(named(code, { minified: true }), FORMS_FOUND);
  assert.deepEqual(named(code), ['dynamic ./later.js', 'url ./core.wasm'], 'the readable form wants one import a line');
  // esbuild writes an import with no binding used as import"./x.js"
  const bare = minify("import './side.js';\nimport { unused } from './unused.js';\n");
  assert.deepEqual(named(bare, { minified: true }), ['static ./side.js', 'static ./unused.js'], bare);
});

test('comments: an import line after // is not one, an import() in a comment is', () => {
  const code = "//   import { loadBackprop } from './backprop.js';\n// then import('./later.js') runs\n/* import('./block.js') */\n";
  assert.deepEqual(named(code), ['dynamic ./later.js', 'dynamic ./block.js']);
});

test('new URL counts only with import.meta.url as its base in the sources', () => {
  assert.deepEqual(named("new URL('./page.html', location.href); new URL(\"../x.wasm\", import.meta.url);"), ['url ../x.wasm']);
});

test('resolvePath: relative to the naming file\'s folder', () => {
  assert.equal(resolvePath('main.js', './app.js'), 'app.js');
  assert.equal(resolvePath('sub/a.js', '../b.js'), 'b.js');
  assert.equal(resolvePath('sub/a.js', './c/./d.js'), join('sub', 'c', 'd.js'));
});

test('pageLinks: the files a page links with link and script tags, not data:, http(s): or #', () => {
  const html = `<link rel="icon" href="data:image/svg+xml,x">
<link rel="stylesheet" href="style.css">
<link rel="modulepreload" href="app.js">
<link rel="preload" href="backprop.wasm" as="fetch" crossorigin>
<script src="https://example.com/x.js"></script>
<link rel="canonical" href="#top">
<script type="module" src="main.js"></script>
<a href="other.html">not loaded</a>
<img src="picture.png">`;
  assert.deepEqual(pageLinks(html), ['style.css', 'app.js', 'backprop.wasm', 'main.js']);
});

// a -> b, c; b -> c, d; c -> d; d -> nothing
const GRAPH = { a: ['b', 'c'], b: ['c', 'd'], c: ['d'], d: [] };

test('reach: entry first, then breadth first, each once', () => {
  assert.deepEqual(reach('a', (p) => GRAPH[p]), ['a', 'b', 'c', 'd']);
  assert.deepEqual(reach('c', (p) => GRAPH[p]), ['c', 'd']);
  assert.deepEqual(reach('a', (p) => (p === 'a' ? ['b'] : ['a'])), ['a', 'b'], 'a cycle ends');
});

test('dependencyOrder: each after all it names; a cycle is an error', () => {
  assert.deepEqual(dependencyOrder('a', (p) => GRAPH[p]), ['d', 'c', 'b', 'a']);
  assert.throws(() => dependencyOrder('a', (p) => ({ a: ['b'], b: ['c'], c: ['a'] })[p]), /import cycle: a -> b -> c -> a/);
});

test('web/: main.js reaches every module in web/ but the demo page\'s entry, and they all exist', () => {
  const graph = reach('main.js', imported);
  const modules = readdirSync(WEB).filter((f) => f.endsWith('.js'));
  assert.deepEqual([...graph].sort(), modules.filter((f) => f !== 'backprop-demo.js').sort());
  for (const path of graph) assert.ok(existsSync(join(WEB, path)), path);
  assert.deepEqual(named(read('backprop.js')).filter((r) => r.startsWith('url')), ['url ./backprop.wasm']);
});

test('web/: main.js loads its second stage with import(), outside the first load', () => {
  const second = moduleImports(read('main.js')).filter((r) => r.kind === 'dynamic').map((r) => resolvePath('main.js', r.specifier));
  assert.ok(second.includes('landscape-view.js') && second.includes('embed.js'), second.join());
  const staticOnly = (path) => moduleImports(read(path)).filter((r) => r.kind === 'static').map((r) => resolvePath(path, r.specifier));
  const first = reach('main.js', staticOnly);
  for (const path of second) assert.ok(!first.includes(path), `${path} is in the first load`);
  // make-dist joins both stages, each module after the ones it imports
  const order = dependencyOrder('main.js', imported);
  assert.deepEqual([...order].sort(), reach('main.js', imported).sort());
  for (const path of order) for (const dep of imported(path)) assert.ok(order.indexOf(dep) < order.indexOf(path), `${dep} before ${path}`);
  // build-site preloads the first load (the entry itself aside), in this order
  const preloads = [...readFileSync(join(SITE, 'index.html'), 'utf8').matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(preloads, first.filter((path) => path !== 'main.js'));
});

test('build/web: the page\'s files are the ones its sources name, read from the minified copies', () => {
  const files = pageFiles(SITE);
  assert.equal(files[0], 'index.html');
  assert.deepEqual([...files].sort(), ['index.html', 'index.css', 'backprop.wasm', ...reach('main.js', imported)].sort());
});

test('make-dist: an import it cannot rewrite is an error, not a file that does not run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'make-dist-'));
  try {
    writeFileSync(join(dir, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<script type="module" src="main.js"></script>\n');
    writeFileSync(join(dir, 'y.js'), 'export const y = 1;\n');
    writeFileSync(join(dir, 'backprop.wasm'), '');
    const run = (main) => {
      writeFileSync(join(dir, 'main.js'), main);
      return spawnSync(process.execPath, [join(ROOT, 'build-scripts', 'make-dist.mjs'), '--src', dir, '--site', dir, '--out', join(dir, 'out.html')],
        { encoding: 'utf8', env: { ...process.env, BACKPROP_DIST_MINIFY: '0' } });
    };
    const ok = run("import { y } from './y.js';\nconsole.log(y);\n");
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(readFileSync(join(dir, 'out.html'), 'utf8'), /const \{ y \} = __module_0;/);
    for (const main of ["import y from './y.js';\n", "import * as y from './y.js';\n", "import { y } from './y.js'; // one\n"]) {
      const r = run(main);
      assert.notEqual(r.status, 0, main);
      assert.match(r.stderr, /main\.js: an import form the inliner does not understand/, main);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('make-dist: an inline <style> or <script> in index.html, or a page it cannot pack, is an error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'make-dist-'));
  try {
    writeFileSync(join(dir, 'main.js'), 'console.log(1);\n');
    writeFileSync(join(dir, 'backprop.wasm'), '');
    const run = (html, env = {}) => {
      writeFileSync(join(dir, 'index.html'), html);
      return spawnSync(process.execPath, [join(ROOT, 'build-scripts', 'make-dist.mjs'), '--src', dir, '--site', dir, '--out', join(dir, 'out.html')],
        { encoding: 'utf8', env: { ...process.env, ...env } });
    };
    const page = (head, body = '<p>hi</p>') =>
      `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n${head}<script type="module" src="main.js"></script>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
    const packed = run(page(''));
    assert.equal(packed.status, 0, packed.stderr);
    assert.equal(unpackBlock(readFileSync(join(dir, 'out.html'), 'utf8')).body.trim(), '<p>hi</p>');
    for (const head of ['<style>p { color: red }</style>\n', '<script>alert(1)</script>\n']) {
      const r = run(page(head));
      assert.notEqual(r.status, 0, head);
      assert.match(r.stderr, /index\.html has an inline <style> or <script>/, head);
    }
    const bodiless = run('<!doctype html>\n<meta charset="utf-8">\n<script type="module" src="main.js"></script>\n');
    assert.notEqual(bodiless.status, 0);
    assert.match(bodiless.stderr, /packing needs index\.html with a <head>, one module script and a <body>/);
    assert.equal(run('<!doctype html>\n<meta charset="utf-8">\n<script type="module" src="main.js"></script>\n',
      { BACKPROP_DIST_MINIFY: '0' }).status, 0, 'the readable file needs no <body>');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the packed data block round-trips its parts; wrong sizes are an error; a page without one is null', () => {
  const parts = { wasm: Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]), css: 'p { margin: 0 }', body: '<p>\u2212 1 \u00d7 10\u207b\u2074</p>', script: 'console.log("é")' };
  const html = `<head>${packedBlock(parts)}</head>`;
  const back = unpackBlock(html);
  assert.ok(back.wasm.equals(parts.wasm));
  assert.deepEqual([back.css, back.body, back.script], [parts.css, parts.body, parts.script]);
  assert.ok(html.includes(back.block));
  const sizes = /data-sizes="([\d,]+)"/.exec(html)[1];
  assert.equal(sizes, [8, 15, Buffer.byteLength(parts.body), Buffer.byteLength(parts.script)].join(','), 'byte lengths, not string lengths');
  assert.throws(() => unpackBlock(html.replace(`data-sizes="${sizes}"`, 'data-sizes="8,15"')), /data-sizes 8,15 do not match/);
  assert.equal(unpackBlock('<p>no block</p>'), null);
});
