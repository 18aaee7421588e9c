// dist-loader.js: the loader of the packed single file (make-dist.mjs writes it into the file,
// minified). The page's styles, body, WebAssembly and module script are one gzip stream in the
// data block #packed-page (base64; data-sizes: the byte length of each part, in that order). It
// unpacks them with the browser's DecompressionStream, puts the styles and the body in place,
// hands the wasm bytes to loadBackprop() (globalThis.BACKPROP_WASM) and then adds the script,
// which runs as the page's own module would. The policy allows both blocks by their hashes.
const block = document.getElementById('packed-page');
try {
  if (typeof DecompressionStream !== 'function') throw new Error('this browser cannot unpack it (no DecompressionStream)');
  const packed = Uint8Array.from(atob(block.textContent), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const sizes = block.dataset.sizes.split(',').map(Number);
  if (sizes.length !== 4 || sizes.reduce((a, b) => a + b, 0) !== bytes.length) throw new Error('the packed page is damaged');
  let at = 0;
  const [wasm, css, body, code] = sizes.map((n) => bytes.subarray(at, (at += n)));
  const text = (part) => new TextDecoder().decode(part);
  globalThis.BACKPROP_WASM = wasm.slice();
  const style = document.createElement('style');
  style.textContent = text(css);
  document.head.append(style);
  document.body.innerHTML = text(body);
  const script = document.createElement('script');
  script.type = 'module';
  script.textContent = text(code);
  document.head.append(script);
} catch (e) {
  const p = document.createElement('p');
  p.textContent = `This page could not start: ${e.message}. It needs a current browser ` +
    '(Chrome or Edge 80, Firefox 113, Safari 16.4 or later).';
  document.body.replaceChildren(p);
}
block.remove();
