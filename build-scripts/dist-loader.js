// dist-loader.js: the loader of the packed single file (make-dist.mjs writes it into the file,
// minified). The page's wasm, styles, body and module script are one gzip stream in the data
// block #packed-page (base64; data-sizes: each part's length in bytes, in that order; see
// modules.mjs). It unpacks them with the browser's DecompressionStream, puts the styles and the
// body in place, hands the wasm bytes to loadBackprop() (globalThis.BACKPROP_WASM), then adds the
// script, which runs as the page's own module would. The policy allows both blocks by their hashes.
// No top-level await, so that a browser too old for the page still runs this and says so.
const NEEDS = 'Chrome or Edge 93, Firefox 113, Safari 16.4 or later';

async function unpack(block) {
  let bytes;
  try {
    const packed = Uint8Array.from(atob(block.textContent), (c) => c.charCodeAt(0));
    const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`the file is damaged (its packed page does not unpack: ${e.message.replace(/\.$/, '')})`);
  }
  const sizes = (block.dataset.sizes ?? '').split(',').map(Number);
  if (sizes.length !== 4 || sizes.reduce((a, b) => a + b, 0) !== bytes.length)
    throw new Error('the file is damaged (its packed page is not the size it says)');
  let at = 0;
  return sizes.map((n) => bytes.subarray(at, (at += n)));
}

async function start() {
  const block = document.getElementById('packed-page');
  try {
    if (typeof DecompressionStream !== 'function') throw new Error(`this browser cannot unpack it (it needs ${NEEDS})`);
    if (!block) throw new Error('the file is damaged (its packed page is missing)');
    const [wasm, css, body, code] = await unpack(block);
    const text = (part) => new TextDecoder().decode(part);
    globalThis.BACKPROP_WASM = wasm.slice();
    const style = document.createElement('style');
    style.textContent = text(css);
    document.head.append(style);
    document.body.innerHTML = text(body);
    // The browser looked for the link's #element before there was a body: look again.
    const id = decodeURIComponent(location.hash.slice(1));
    if (id && /^[\w-]+$/.test(id)) document.getElementById(id)?.scrollIntoView();
    const script = document.createElement('script');
    script.type = 'module';
    script.textContent = text(code);
    document.head.append(script);
  } catch (e) {
    const p = document.createElement('p');
    p.textContent = `This page could not start: ${e.message}.`;
    document.body.replaceChildren(p);
    globalThis.backpropReady = Promise.resolve(false); // as the page's own when it cannot start
  } finally {
    block?.remove();
  }
}

start();
