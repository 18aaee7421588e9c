// build-site.mjs: the production copy of the page: web/ -> build/web (what `make run` serves).
//
//   node build-scripts/build-site.mjs [--src web] [--out build/web]
//   BACKPROP_SITE_MINIFY=0 node build-scripts/build-site.mjs     readable copies instead
//
// The sources in web/ stay as they are written; this makes the copy a browser gets smaller and
// quicker to start, and changes nothing about how the page works:
// - Each ES module is minified on its own with esbuild's transform. No bundling: every module
//   stays its own file with the same imports and exports, so the page, backprop-demo.js and the
//   Node tests import them exactly as before. No source maps are written (the readable source is
//   web/ itself).
// - Each page's stylesheets become one file, named after the page (index.html: index.css), their
//   texts joined in the order the page links them (the same cascade), then minified. On this
//   page they are always loaded together and all block the first paint, and on a busy machine
//   every request costs the browser several milliseconds (measured: about 40 ms less to the
//   first frame with one stylesheet instead of five). Every stylesheet is also minified on its
//   own, for a page that links it alone. The sources stay split by subject in web/.
// - HTML: runs of whitespace between words and tags shrink to one character (a line break stays
//   a line break), never inside <pre>, <textarea>, <script> or <style>.
// - Every page that loads a module script gets, before that script, a <link rel="modulepreload">
//   for each module its static imports reach, and (when backprop.js is among them) a preload of
//   backprop.wasm as a CORS fetch, the request backprop.js makes. The browser then asks for the
//   whole first-load graph and the core at once, instead of one import level after another.
//   Modules loaded with import() later (main.js: after the first frame) are not preloaded.
// Other files are copied unchanged. build/web/backprop.wasm comes from the Makefile, not from here;
// an HTML, CSS or JavaScript file in build/web that this run did not write (a deleted source) is
// removed.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';
import { MODULE_SCRIPT, moduleImports, reach, resolvePath } from './modules.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const src = opt('src', 'web');
const out = opt('out', 'build/web');
const minify = process.env.BACKPROP_SITE_MINIFY !== '0';

// A local stylesheet's link with its line break (the links after the first are dropped whole).
const STYLESHEET = /<link\s+rel="stylesheet"\s+href="([^":]+)"\s*\/?>\n?/g;
const RAW_ELEMENTS = /(<(pre|textarea|script|style)\b[\s\S]*?<\/\2>)/gi;
const TAG = /<(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** Every file under dir, as paths relative to it (dot files left out). */
async function files(dir, base = dir) {
  const list = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) list.push(...(await files(path, base)));
    else list.push(relative(base, path));
  }
  return list;
}

/** The modules reached from `entry` by static imports (entry first, then breadth first). */
const staticGraph = (entry) => reach(entry, (path) => moduleImports(readFileSync(join(src, path), 'utf8'))
  .filter((r) => r.kind === 'static').map((r) => resolvePath(path, r.specifier)));

/** Whitespace in text and between attributes shrunk to one character, outside raw elements. */
function squeezeHtml(html) {
  const squeezeText = (text) => text.replace(/\s+/g, (ws) => (ws.includes('\n') ? '\n' : ' '));
  return html.split(RAW_ELEMENTS).map((part, k) => {
    if (k % 3 === 1) return part; // a raw element, kept as written
    if (k % 3 === 2) return '';   // the tag name captured by the back-reference
    let text = '', at = 0;
    for (const m of part.matchAll(TAG)) {
      text += squeezeText(part.slice(at, m.index));
      // inside a tag: whitespace outside quoted values only
      text += m[0].replace(/("[^"]*"|'[^']*')|\s+/g, (q, quoted) => quoted ?? ' ').replace(/\s+(\/?>)$/, '$1');
      at = m.index + m[0].length;
    }
    return text + squeezeText(part.slice(at));
  }).join('');
}

/** Preload hints for the page's module scripts, inserted before the first of them. */
function addPreloads(html, page) {
  const entries = [...html.matchAll(MODULE_SCRIPT)].map((m) => resolvePath(page, m[1]));
  if (!entries.length) return html;
  const modules = [];
  for (const entry of entries) {
    for (const path of staticGraph(entry)) if (!entries.includes(path) && !modules.includes(path)) modules.push(path);
  }
  const href = (path) => relative(dirname(page), path).split('\\').join('/');
  const links = modules.map((path) => `<link rel="modulepreload" href="${href(path)}">`);
  const core = [...entries, ...modules].find((path) => path.endsWith('backprop.js'));
  if (core) links.unshift(`<link rel="preload" href="${href(join(dirname(core), 'backprop.wasm'))}" as="fetch" crossorigin>`);
  const first = html.search(MODULE_SCRIPT);
  return `${html.slice(0, first)}${links.join('\n')}\n${html.slice(first)}`;
}

const cssMinify = async (text, path) => (minify ? (await transform(text, { loader: 'css', minify: true, sourcefile: path })).code : text);

/** The page's stylesheet links replaced by one, to `sheet` (written here); returns the new HTML. */
async function joinStylesheets(html, page, sheet) {
  const links = [...html.matchAll(STYLESHEET)];
  if (links.length < 2) return html;
  const paths = links.map((m) => resolvePath(page, m[1]));
  const text = (await Promise.all(paths.map((p) => readFile(join(src, p), 'utf8'))))
    .map((css, k) => `/* ${paths[k]} */\n${css}`).join('\n');
  await emit(sheet, await cssMinify(text, sheet));
  let k = 0;
  return html.replace(STYLESHEET, () => (k++ === 0 ? `<link rel="stylesheet" href="${relative(dirname(page), sheet)}">\n` : ''));
}

const written = new Set();
let before = 0, after = 0;
async function emit(path, output) {
  if (written.has(path)) throw new Error(`${path} would be written twice (a page's stylesheet named like a source?)`);
  written.add(path);
  const target = join(out, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, output);
  after += Buffer.byteLength(output);
}

// Every source is written (a stylesheet joined into one page's sheet may still be linked alone by
// another page); what a page loads is what its HTML links.
const sources = await files(src);
for (const path of sources) {
  const input = await readFile(join(src, path));
  before += input.length;
  let output = input;
  if (/\.m?js$/.test(path) && minify) {
    output = (await transform(input.toString('utf8'), {
      loader: 'js', format: 'esm', target: 'es2022', minify: true, legalComments: 'none', sourcefile: path,
    })).code;
  } else if (path.endsWith('.css')) {
    output = await cssMinify(input.toString('utf8'), path);
  } else if (path.endsWith('.html')) {
    let html = input.toString('utf8');
    html = await joinStylesheets(html, path, path.replace(/\.html$/, '.css'));
    output = addPreloads(minify ? squeezeHtml(html) : html, path);
  }
  await emit(path, output);
}
for (const path of await files(out)) {
  if (/\.(m?js|css|html)$/.test(path) && !written.has(path)) await rm(join(out, path));
}
console.log(`${relative('.', out)}: ${after} bytes from ${before} in ${src}${minify ? '' : ' (not minified)'}`);
