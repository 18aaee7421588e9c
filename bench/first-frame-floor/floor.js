// make bench's first-frame floor: the least a page drawing the core's numbers can do before its
// first frame. Like the page, it preloads the core and gets it through the facade (backprop.js
// and backprop.wasm, copied from build/web); in the next animation frame it trains one step and
// draws the data points and the fitted curve on one canvas. No stylesheet, no text, no other
// module: what the page adds to this is its own.
import { loadBackprop } from './backprop.js';

const net = await loadBackprop();
window.backpropApp = net; // the bench probe's sign that the page is built
requestAnimationFrame(() => {
  net.train(1);
  const canvas = document.querySelector('canvas'), ctx = canvas.getContext('2d');
  const { xs, predicted } = net.curve(0, 1, 64), data = net.getData();
  const lo = Math.min(...predicted, ...data.ys), hi = Math.max(...predicted, ...data.ys);
  const px = (x) => x * (canvas.width - 20) + 10, py = (y) => canvas.height - 10 - ((y - lo) / (hi - lo || 1)) * (canvas.height - 20);
  ctx.beginPath();
  xs.forEach((x, k) => ctx.lineTo(px(x), py(predicted[k])));
  ctx.stroke();
  data.xs.forEach((x, k) => ctx.fillRect(px(x) - 3, py(data.ys[k]) - 3, 6, 6));
});
