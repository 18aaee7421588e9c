// make bench's first-frame floor: the least a page drawing the core's numbers can do before its
// first frame. It loads the core through the facade (backprop.js and backprop.wasm, copied from
// build/web), then, in the next animation frame, trains one step and draws the fitted curve on
// one canvas. No stylesheet, no text, no other module: what the page adds to this is its own.
import { loadBackprop } from './backprop.js';

const net = await loadBackprop();
window.backpropApp = net; // the bench probe's sign that the page is built
requestAnimationFrame(() => {
  net.train(1);
  const canvas = document.querySelector('canvas');
  const ctx = canvas.getContext('2d');
  const { xs, predicted } = net.curve(0, 1, 64);
  ctx.beginPath();
  xs.forEach((x, k) => ctx.lineTo(x * canvas.width, canvas.height * (1 - predicted[k])));
  ctx.stroke();
});
