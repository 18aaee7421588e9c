// serve.mjs: a small static file server for the page (no dependencies).
//   node build-scripts/serve.mjs [--root build/web] [--port 8000] [--host 127.0.0.1]
// Serves files under --root only, with correct types (application/wasm for the module), no
// caching, and a Content-Security-Policy. Prints the URL once it is listening. Port 0 picks a
// free port; the chosen URL is printed either way (tests read it from stdout).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const root = resolve(opt('root', 'build/web'));
const port = Number(opt('port', process.env.PORT ?? 8000));
const host = opt('host', '127.0.0.1');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

// Only the page's own resources, plus WebAssembly compilation ('wasm-unsafe-eval').
// frame-ancestors is left open on purpose: the page is meant to be embedded in iframes.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) throw Object.assign(new Error('outside root'), { code: 'ENOENT' });
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      // Public static files, readable from anywhere: a sandboxed iframe (opaque origin) fetches
      // its module scripts and backprop.wasm in CORS mode, and so does a blog loading
      // backprop-demo.js from another site.
      'Access-Control-Allow-Origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (e) {
    const notFound = e.code === 'ENOENT' || e.code === 'ENOTDIR' || e instanceof URIError;
    res.writeHead(notFound ? 404 : 500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(notFound ? 'not found\n' : 'server error\n');
  }
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const shown = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  console.log(`Serving ${root} at http://${shown}:${actual}/`);
});
