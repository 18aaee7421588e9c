// modules.mjs: which files a page and its ES modules name, and the graph they make. Shared by
// build-site.mjs (preload hints), make-dist.mjs (the inliner) and bench/bench.mjs (the page's size).
// Also the format of the packed single file's data block (make-dist.mjs writes it, dist-loader.js
// reads it in the browser, bench.mjs and the tests in Node).
//
// Paths are relative to one root folder (web/, build/web) and use the platform's separator.
// Only relative specifiers ('./x.js', '../x.js') count: 'node:fs' and bare names are not files here.
// Two forms of JavaScript are read:
// - readable sources, as web/ is written: one import statement at the start of a line, so an
//   import in a `//` comment is not one (an import( ) in a comment still is);
// - esbuild's minified output (build/web): statements share a line and comments are gone, so a
//   relative path after `from`, `import`, `import(` or `new URL(` counts wherever it stands.
// The exported regular expressions are global: use them with matchAll, replace or search, never
// test/exec.
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dirname, join, normalize } from 'node:path';

/** A static import in a readable source: `import { a } from './x.js'`, `import x from ...`,
    `import * as x from ...` or `import './x.js'`, at the start of a line. [1]: the path. */
export const STATIC_IMPORT = /^\s*import\s+(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
/** import('./x.js') with a literal path, anywhere. [2]: the path. */
export const DYNAMIC_IMPORT = /\bimport\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g;
/** new URL('./x', import.meta.url): a file the module fetches itself. [2]: the path. */
const MODULE_URL = /\bnew URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
/** Any of the three in minified code. [1]: what names the path, [2]: the path. */
const MINIFIED_REFERENCE = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*|\bnew URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
/** <script type="module" src="x.js"></script>, as the page writes it. [1]: the src. */
export const MODULE_SCRIPT = /<script\s+type="module"\s+src="([^"]+)"\s*><\/script>/g;
/** A link or script tag's href or src that names a file (not data:, http:, https: or #). [1]: it. */
const PAGE_LINK = /<(?:link|script)\b[^>]*\s(?:href|src)="(?!data:|https?:|#)([^"]+)"/g;

/** The path that `specifier` (relative, as written in the file `from`) names. */
export const resolvePath = (from, specifier) => normalize(join(dirname(from), specifier));

/** The relative files a module names, in the order they stand: [{ kind, specifier }], where kind
    is 'static' (import ... from, import '...'), 'dynamic' (import()) or 'url' (new URL). */
export function moduleImports(code, { minified = false } = {}) {
  if (minified) {
    const kind = (by) => (by.startsWith('new') ? 'url' : by.includes('(') ? 'dynamic' : 'static');
    return [...code.matchAll(MINIFIED_REFERENCE)].map((m) => ({ kind: kind(m[1]), specifier: m[2] }));
  }
  const found = [
    ...[...code.matchAll(STATIC_IMPORT)].map((m) => ({ at: m.index, kind: 'static', specifier: m[1] })),
    ...[...code.matchAll(DYNAMIC_IMPORT)].map((m) => ({ at: m.index, kind: 'dynamic', specifier: m[2] })),
    ...[...code.matchAll(MODULE_URL)].map((m) => ({ at: m.index, kind: 'url', specifier: m[2] })),
  ];
  return found.sort((a, b) => a.at - b.at).map(({ kind, specifier }) => ({ kind, specifier }));
}

/** The files an HTML page links with <link> and <script> (stylesheets, scripts, preloads), as written. */
export const pageLinks = (html) => [...html.matchAll(PAGE_LINK)].map((m) => m[1]);

/** Every path reached from `entry` through next(path) (the paths a file names), each once:
    entry first, then breadth first. */
export function reach(entry, next) {
  const found = [entry];
  for (let i = 0; i < found.length; i++) {
    for (const path of next(found[i])) if (!found.includes(path)) found.push(path);
  }
  return found;
}

/** The paths reached from `entry` through next(path), each after all it names (depth first, in
    the order named): the order to evaluate modules in. A cycle is an error. */
export function dependencyOrder(entry, next) {
  const order = [];
  const visit = (path, stack) => {
    if (order.includes(path)) return;
    if (stack.includes(path)) throw new Error(`import cycle: ${[...stack, path].join(' -> ')}`);
    for (const named of next(path)) visit(named, [...stack, path]);
    order.push(path);
  };
  visit(entry, []);
  return order;
}

/** The files under `root` that the page `entry` can ever load: what it links, then every file its
    modules name (static and dynamic imports, new URL), transitively; only files that exist.
    Reads the site as built (minified). */
export function pageFiles(root, entry = 'index.html') {
  return reach(entry, (file) => {
    if (!/\.(html|m?js)$/.test(file)) return [];
    const text = readFileSync(join(root, file), 'utf8');
    const named = file.endsWith('.html') ? pageLinks(text) : moduleImports(text, { minified: true }).map((r) => r.specifier);
    return named.map((s) => resolvePath(file, s)).filter((path) => existsSync(join(root, path)));
  });
}

// The packed single file: its parts, in this order, as one gzip stream in base64, in a <script>
// of a type that never runs; data-sizes: each part's length in bytes.
const PACKED_PARTS = ['wasm', 'css', 'body', 'script'];
const PACKED_BLOCK = /<script type="application\/octet-stream" id="packed-page" data-sizes="([\d,]*)">([A-Za-z0-9+/=]*)<\/script>/;

/** The data block holding { wasm (bytes), css, body, script (text) }. */
export function packedBlock(parts) {
  const bytes = PACKED_PARTS.map((name) => (typeof parts[name] === 'string' ? Buffer.from(parts[name], 'utf8') : parts[name]));
  const data = gzipSync(Buffer.concat(bytes), { level: 9 }).toString('base64');
  return `<script type="application/octet-stream" id="packed-page" data-sizes="${bytes.map((b) => b.length)}">${data}</script>`;
}

/** The parts of the packed page in `html` ({ wasm: Buffer, css, body, script: strings }) and the
    block's own text, or null when the file is not packed. Throws when the block is damaged. */
export function unpackBlock(html) {
  const m = PACKED_BLOCK.exec(html);
  if (!m) return null;
  const bytes = gunzipSync(Buffer.from(m[2], 'base64')), sizes = m[1].split(',').map(Number);
  if (sizes.length !== PACKED_PARTS.length || sizes.reduce((a, b) => a + b, 0) !== bytes.length)
    throw new Error(`packed page: data-sizes ${m[1]} do not match the ${bytes.length} unpacked bytes`);
  const parts = { block: m[0] };
  let at = 0;
  PACKED_PARTS.forEach((name, k) => {
    const part = bytes.subarray(at, (at += sizes[k]));
    parts[name] = name === 'wasm' ? part : part.toString('utf8');
  });
  return parts;
}
