// main.js: boots the page. Loads the core, builds the App (state + loop), the views and the
// controls, applies URL options, and exposes two globals for the console, tests and benchmarks:
//
//   window.backprop      the facade's net (see backprop.js)
//   window.backpropApp   the App: play(), pause(), step(), reset(), snapshot(), subscribe(fn),
//                        frameTimes() -> main-thread ms per playing frame (train + draw)
//
// A new view is a class with draw(snapshot); add it to `views` below (a chain-rule panel, a step
// ledger, a loss landscape...). Options: ?autoplay=1 (ignored with prefers-reduced-motion),
// ?embed=1, lr, spf, hidden, activation, seed (see state.js), and a whole shared state in the hash
// (see share.js: data, parameters, frozen set...; kept up to date in the address bar).

import { loadBackprop } from './backprop.js';
import { App } from './app.js';
import { ChainPanel, pickOnCanvas } from './chain-panel.js';
import { Controls } from './controls.js';
import { DataEditor } from './data-editor.js';
import { EmbedControls } from './embed.js';
import { FitView } from './fit-view.js';
import { GradientCheck } from './gradient-check.js';
import { LandscapeView } from './landscape-view.js';
import { StepLedger } from './ledger.js';
import { LossChart } from './loss-chart.js';
import { NetworkView } from './network-view.js';
import { ParamTable } from './param-table.js';
import { SharePanel } from './share-panel.js';
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
  const fit = new FitView(document.getElementById('fit-canvas'));
  const views = [
    network,
    fit,
    new LossChart(document.getElementById('loss-canvas')),
    new ParamTable(document.getElementById('params'), (j, frozen) => app.setFrozen(j, frozen), (j) => app.select(j)),
    new Controls(document, app),
  ];
  const landscape = new LandscapeView(document, app);
  views.push(landscape);
  window.backpropLandscape = landscape; // lastGridMs etc. for `make bench`, state() for tests
  // Data editing on the fit chart; examples, the link in the address bar, save/load (share.js).
  const editor = new DataEditor(fit, app, document.getElementById('data-status'));
  const share = new SharePanel(document, app);
  views.push(editor, share);
  window.backpropDataEditor = editor; // toClient(x, y) and selected, for tests
  // Teaching the chain rule: pick a parameter (network label, table name, panel chip) to see its
  // chain; the ledger of the last Step; the finite-difference check (after the table: it adds cells).
  pickOnCanvas(network, app);
  views.push(new ChainPanel(document.getElementById('chain'), app),
    new StepLedger(document.getElementById('ledger'), app), new GradientCheck(document, app));
  window.backpropNetwork = network; // labelBoxes(), paramAt(x, y): where each parameter's label is, for tests
  app.subscribe((snapshot) => {
    network.layout(snapshot.hidden);
    for (const view of views) view.draw(snapshot);
  });
  new EmbedControls(document, app, options); // embed mode's full-page link; the Embed dialog

  // The state in the link (the simple options, or a whole shared state), checked all or nothing:
  // a bad link shows why, and the defaults (share.js).
  share.applyLink(location.href);

  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (options.autoplay && !reduceMotion && !app.snapshot().message) app.play();
}

start();
