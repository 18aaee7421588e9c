// make-dist.mjs: turn the site into one self-contained file, dist/backprop.html.
//
//   node build-scripts/make-dist.mjs [--site build/web] [--src web] [--out dist/backprop.html]
//
// The page is the same page: this script inlines what index.html links to, then packs it. The
// page's text files (index.html, styles, modules) are read from --src, the readable sources
// (build/web holds them minified, which this script's module reader does not parse);
// backprop.wasm from --site.
// - Each <link rel="stylesheet" href="x.css"> is read, in the page's order.
// - <script type="module" src="main.js"> becomes one module script: each ES module it reaches
//   through static `import ... from './x.js'` is wrapped in a function scope, in dependency
//   order; imports become reads of the imported module's exports object. A module loaded later
//   with import('./x.js') (main.js's second stage) is joined in the same way, ahead of its
//   importer, and the call becomes Promise.resolve(its exports): in one file there is nothing
//   left to fetch.
// - backprop.wasm is handed to loadBackprop() as bytes, via globalThis.BACKPROP_WASM, since a
//   page opened from file:// cannot fetch it.
// - Packed (the default): the styles, the body, the wasm and the script go, gzipped and in
//   base64, into one data block (modules.mjs: packedBlock), and a small loader module
//   (dist-loader.js) unpacks them with the browser's DecompressionStream and puts them in place:
//   the styles and the body first, then the script. The file holds half the bytes.
// - Readable (BACKPROP_DIST_MINIFY=0): nothing is minified or packed; the styles become <style>
//   elements and the script an inline module, with the wasm in it as base64.
// - A Content-Security-Policy <meta> allows exactly the inline blocks that run (by SHA-256 hash:
//   packed, the loader and the blocks it inserts) and WebAssembly compilation, and nothing from
//   anywhere else.
// Scripts and styles are minified with esbuild's transform (no bundling: the module graph is
// joined here). The module subset it understands is the one this project writes: named imports
// from relative paths, alone on their line, `export` in front of declarations, and
// `export { a, b }`. Anything else is an error.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { transform } from 'esbuild';
import { DYNAMIC_IMPORT, MODULE_SCRIPT, dependencyOrder, moduleImports, packedBlock, resolvePath } from './modules.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const site = opt('site', 'build/web');
const src = opt('src', 'web');
const out = opt('out', 'dist/backprop.html');

// A named or side-effect import alone on its line: the forms the inliner rewrites.
const IMPORT = /^\s*import\s+(?:\{([^}]*)\}\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"];?\s*$/gm;
const STYLESHEET = /<link\s+rel="stylesheet"\s+href="([^"]+)"\s*\/?>/g;
const EXPORT_DECL = /^export\s+(async\s+function\*?|function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s*\{([^}]*)\};?\s*$/gm;

/** Bundle the module graph reached from `entry` (a path inside --src) into one script. */
function bundle(entry) {
  const sources = new Map(); // path -> text
  // each module after those it names: its static imports, then its import()s
  const order = dependencyOrder(normalize(entry), (path) => {
    const source = readFileSync(join(src, path), 'utf8');
    if (/^\s*export\s+default\b/m.test(source) || /^\s*export\s+\*/m.test(source))
      throw new Error(`${path}: export default / export * are not supported by the inliner`);
    sources.set(path, source);
    const named = moduleImports(source);
    return ['static', 'dynamic'].flatMap((kind) => named.filter((r) => r.kind === kind).map((r) => resolvePath(path, r.specifier)));
  });
  const seen = new Map(order.map((path, k) => [path, `__module_${k}`])); // path -> variable name
  const parts = [];
  for (const path of order) {
    const exported = [];
    let body = sources.get(path).replace(IMPORT, (_, names, from) => {
      if (!names) return '';
      const target = seen.get(resolvePath(path, from));
      const fields = names.split(',').map((s) => s.trim()).filter(Boolean)
        .map((s) => s.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
      return `const { ${fields.join(', ')} } = ${target};`;
    });
    body = body.replace(DYNAMIC_IMPORT, (_, q, from) => `Promise.resolve(${seen.get(resolvePath(path, from))})`);
    body = body.replace(EXPORT_DECL, (_, kind, name) => (exported.push(name), `${kind} ${name}`));
    body = body.replace(EXPORT_LIST, (_, names) => {
      for (const n of names.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [local, as = local] = n.split(/\s+as\s+/);
        exported.push(as === local ? local : `${as}: ${local}`);
      }
      return '';
    });
    if (moduleImports(body).some((r) => r.kind === 'static')) throw new Error(`${path}: an import form the inliner does not understand`);
    if (/^\s*export\b/m.test(body)) throw new Error(`${path}: an export form the inliner does not understand`);
    parts.push(`// ${path}\nconst ${seen.get(path)} = await (async () => {\n${body}\nreturn { ${exported.join(', ')} };\n})();`);
  }
  return parts.join('\n');
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
// Text placed inside <script>/<style> must not close the element early.
const safe = (text, tag) => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

const minify = process.env.BACKPROP_DIST_MINIFY !== '0';
const squeeze = async (code, loader) =>
  minify ? (await transform(code, { loader, minify: true, format: loader === 'js' ? 'esm' : undefined, target: 'es2022' })).code.trim() : code;

let html = await readFile(join(src, 'index.html'), 'utf8');
{ // every external reference must be one this script inlines, and nothing may run unlisted
  const rest = html.replace(STYLESHEET, '').replace(MODULE_SCRIPT, '').replace(/<a\s[^>]*>/gi, '');
  if (/<(script|link|img|iframe)[^>]*\s(src|href)="(?!data:|#)[^"]*"/i.test(rest))
    throw new Error('index.html refers to an external file that the inliner does not handle');
  if (/<style\b|<script\b/i.test(rest)) throw new Error('index.html has an inline <style> or <script>: the inliner does not handle it');
}

// In the page's order (the policy lists the hashes in that order).
const styles = await Promise.all([...html.matchAll(STYLESHEET)].map(async ([, href]) =>
  safe(await squeeze(await readFile(join(src, href), 'utf8'), 'css'), 'style')));
const wasm = await readFile(join(site, 'backprop.wasm'));
const entries = [...html.matchAll(MODULE_SCRIPT)].map((m) => m[1]);
if (!entries.length) throw new Error('index.html has no <script type="module" src=...>');
const scripts = await Promise.all(entries.map(async (entry, k) => {
  let code = bundle(entry);
  if (k === 0 && !minify) // (packed, the loader hands the bytes over)
    code = `globalThis.BACKPROP_WASM = Uint8Array.from(atob('${wasm.toString('base64')}'), (c) => c.charCodeAt(0));\n${code}`;
  return safe(await squeeze(code, 'js'), 'script');
}));

// policy: the inline blocks that run, { scripts, styles }
let policy;
if (minify) {
  ({ html, policy } = await pack(html));
} else {
  let s = 0, m = 0;
  html = html.replace(STYLESHEET, () => `<style>${styles[s++]}</style>`);
  html = html.replace(MODULE_SCRIPT, () => `<script type="module">${scripts[m++]}</script>`);
  policy = { scripts, styles };
}

const csp = [
  "default-src 'none'",
  `script-src ${policy.scripts.map(sha256).join(' ')} 'wasm-unsafe-eval'`,
  `style-src ${policy.styles.map(sha256).join(' ')}`,
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
html = html.replace(/<meta charset="utf-8">/i, (m) => `${m}\n<meta http-equiv="Content-Security-Policy" content="${csp}">`);
if (!html.includes(csp)) throw new Error('index.html needs <meta charset="utf-8"> so the policy can follow it');

await mkdir(dirname(out), { recursive: true });
await writeFile(out, html);
console.log(`${relative('.', out)}: ${Buffer.byteLength(html)} bytes (wasm ${wasm.length} bytes inlined${minify ? ', packed' : ''})`);

// The packed page: the head without its stylesheet links and module script, the data block
// (the wasm, the styles as one, the body and the script) and the loader; the body only says that
// the page needs JavaScript until the loader replaces it.
async function pack(page) {
  const parts = /^([\s\S]*?)<\/head>\s*<body>([\s\S]*)<\/body>\s*<\/html>\s*$/.exec(page);
  if (!parts || scripts.length !== 1) throw new Error('packing needs index.html with a <head>, one module script and a <body>');
  const head = parts[1].replace(STYLESHEET, '').replace(MODULE_SCRIPT, '').replace(/\n{2,}/g, '\n');
  const css = styles.join('\n');
  const loader = safe(await squeeze(readFileSync(new URL('./dist-loader.js', import.meta.url), 'utf8'), 'js'), 'script');
  const block = packedBlock({ wasm, css, body: parts[2], script: scripts[0] });
  return {
    html: `${head}${block}\n<script type="module">${loader}</script>\n</head>\n<body>\n` +
      '<noscript><p>This page needs JavaScript.</p></noscript>\n</body>\n</html>\n',
    policy: { scripts: [loader, scripts[0]], styles: [css] },
  };
}
