import { loadBackprop } from './backprop.js';
const net = await loadBackprop();
window.backprop = net;
const out = document.getElementById('out');
function frame() {
  const s = net.frame(10);
  out.textContent = `step ${s.steps}  SSR ${s.ssr.toExponential(3)}`;
  if (s.steps < 5000) requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
