// main.js: boots the page. Loads the core, builds the App (state + loop), the views and the
// controls, applies URL options, and exposes two globals for the console, tests and benchmarks:
//
//   window.backprop      the facade's net (see backprop.js)
//   window.backpropApp   the App: play(), pause(), step(), reset(), snapshot(), subscribe(fn),
//                        frameTimes() -> main-thread ms per playing frame (train + draw)
//
// A new view is a class with draw(snapshot); add it to `views` below (a chain-rule panel, a step
// ledger, a loss landscape...). Options: ?autoplay=1 (ignored with prefers-reduced-motion),
// ?embed=1, lr, spf, hidden, activation, seed (see state.js).

import { loadBackprop } from './backprop.js';
import { App } from './app.js';
import { Controls } from './controls.js';
import { FitView } from './fit-view.js';
import { LossChart } from './loss-chart.js';
import { NetworkView } from './network-view.js';
import { ParamTable } from './param-table.js';
import { parseOptions } from './state.js';

async function start() {
  const options = parseOptions(location.href);
  if (options.embed) document.documentElement.classList.add('embed');
  const message = document.getElementById('message');

  let net;
  try {
    net = await loadBackprop();
  } catch (e) {
    message.textContent = `The WebAssembly core could not be loaded (${e.message}). Reload the page; ` +
      'if it persists, use a current browser.';
    message.className = 'message message-error';
    return;
  }
  window.backprop = net;

  const app = new App(net);
  window.backpropApp = app;

  const network = new NetworkView(document.getElementById('network-canvas'));
  const views = [
    network,
    new FitView(document.getElementById('fit-canvas')),
    new LossChart(document.getElementById('loss-canvas')),
    new ParamTable(document.getElementById('params'), (j, frozen) => app.setFrozen(j, frozen)),
    new Controls(document, app),
  ];
  app.subscribe((snapshot) => {
    network.layout(snapshot.hidden);
    for (const view of views) view.draw(snapshot);
  });

  // URL options, each checked by the app or the core (a refused one shows its message).
  if (options.activation !== undefined) app.setActivation(options.activation);
  if (options.hidden !== undefined) app.setHidden(options.hidden);
  if (options.seed !== undefined) app.randomize(options.seed);
  if (options.learningRate !== undefined) app.setLearningRate(options.learningRate);
  if (options.stepsPerFrame !== undefined) app.setStepsPerFrame(options.stepsPerFrame);

  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (options.autoplay && !reduceMotion && !app.snapshot().message) app.play();
}

start();
