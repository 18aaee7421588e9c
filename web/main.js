// main.js: boots the page. Loads the core, builds the App (state + loop), the views and the
// controls, applies URL options, and exposes globals for the console, tests and benchmarks:
//
//   window.backprop      the facade's net (see backprop.js)
//   window.backpropApp   the App: play(), pause(), step(), reset(), snapshot(), subscribe(fn),
//                        frameTimes() -> main-thread ms per playing frame (train + draw)
//   window.backpropReady a promise, there from the start: resolves to true once every part of the
//                        page is built and has drawn (false if the page could not start, or a part
//                        could not be loaded; the message line then says so). In the packed single
//                        file it appears once the page is unpacked (false if it cannot be).
//
// Two stages, so the first frame waits only for what it shows:
// 1. Imported statically (and preloaded by the production build, build-scripts/build-site.mjs):
//    the core, the App, the controls, the network, fit and loss views, the parameter table and
//    the share panel (the state in the link is applied before the first frame; the example picker
//    is at the top). In embed mode also embed.js, fetched alongside the core: the compact view
//    needs it at once.
// 2. Imported right after the first frame (LATER below): what is below the fold or only used on
//    interaction: the chain-rule panel, the step ledger, the gradient check, the loss landscape,
//    the data editor, the Embed dialog and the screen-reader status. Until then the Embed button
//    and the Check gradients box stay disabled and the chain panel says "Loading…". ?autoplay=1
//    starts training once they are all in, so every view (the landscape's path, say) sees the
//    whole run.
// A new view is a class with draw(snapshot); add it to one of the two stages. Options:
// ?autoplay=1 (ignored with prefers-reduced-motion), ?embed=1, lr, spf, hidden, activation, seed
// (see state.js), and a whole shared state in the hash (see share.js: data, parameters, frozen
// set...; kept up to date in the address bar).

import { loadBackprop } from './backprop.js';
import { App } from './app.js';
import { Controls } from './controls.js';
import { FitView } from './fit-view.js';
import { LossChart } from './loss-chart.js';
import { NetworkView } from './network-view.js';
import { ParamTable } from './param-table.js';
import { SharePanel } from './share-panel.js';
import { parseOptions } from './state.js';

// The second stage, by name. Each import() names its file literally: make-dist.mjs inlines them.
const LATER = () => ({
  landscape: import('./landscape-view.js'), editor: import('./data-editor.js'), chain: import('./chain-panel.js'),
  ledger: import('./ledger.js'), check: import('./gradient-check.js'), embed: import('./embed.js'),
  announce: import('./announce.js'),
});

/** Wait for every import of `named` ({ name: promise }): the modules that loaded, by name, and
    the errors of those that did not. */
async function settle(named) {
  const names = Object.keys(named), results = await Promise.allSettled(Object.values(named));
  const loaded = {}, errors = [];
  results.forEach((r, k) => {
    if (r.status === 'fulfilled') loaded[names[k]] = r.value;
    else errors.push(r.reason);
  });
  return { loaded, errors };
}

async function start() {
  const options = parseOptions(location.href);
  if (options.embed) document.documentElement.classList.add('embed');
  const message = document.getElementById('message');

  let net, embedModule;
  try {
    [net, embedModule] = await Promise.all([loadBackprop(), options.embed ? import('./embed.js') : null]);
  } catch (e) {
    message.textContent = `The WebAssembly core could not be loaded (${e.message}). Reload the page; ` +
      'if it persists, use a current browser.';
    message.className = 'message message-error';
    return false;
  }
  window.backprop = net;

  // The compact view has no parameter table: its full page does.
  const app = new App(net, options.embed ? { unfreeze: 'open the full page to unfreeze one' } : {});
  window.backpropApp = app;

  const network = new NetworkView(document.getElementById('network-canvas'));
  // A parameter picked by name (the table here; the network's labels once the chain panel is in):
  // selected, and once the panel is in, its chain rule brought into view.
  let pick = (j) => app.select(j);
  const fit = new FitView(document.getElementById('fit-canvas'));
  const views = [
    network,
    fit,
    new LossChart(document.getElementById('loss-canvas')),
    new ParamTable(document.getElementById('params'), (j, frozen) => app.setFrozen(j, frozen), (j) => pick(j)),
    new Controls(document, app),
  ];
  // The example picker, the link in the address bar, save/load (after Controls, which enables the
  // controls' fields: the picker's "Your own settings" entry stays disabled).
  const share = new SharePanel(document, app);
  views.push(share);
  window.backpropNetwork = network; // labelBoxes(), paramAt(x, y): where each parameter's label is; drawn: for tests
  app.subscribe((snapshot) => {
    network.layout(snapshot.hidden);
    for (const view of views) view.draw(snapshot);
  });
  // embed mode's full-page link (the Embed dialog comes with the second stage)
  if (embedModule) new embedModule.EmbedControls(document, app, options);

  // The state in the link (the simple options, or a whole shared state), checked all or nothing:
  // a bad link shows why, and the defaults (share.js).
  share.applyLink(location.href);

  // The second stage, once the first frame is drawn: the app draws in requestAnimationFrame, this
  // callback runs after the app's, and the timeout after the frame is painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  // Each part that arrives is built; one that cannot be loaded is named on the message line.
  const { loaded: later, errors } = await settle(LATER());
  const more = []; // in the order they draw
  if (later.landscape) {
    const landscape = new later.landscape.LandscapeView(document, app);
    window.backpropLandscape = landscape; // lastGridMs etc. for `make bench`, state() for tests
    more.push(landscape);
  }
  if (later.editor) { // data editing on the fit chart (drag, add, delete points)
    const editor = new later.editor.DataEditor(fit, app, document.getElementById('data-status'));
    window.backpropDataEditor = editor; // toClient(x, y) and selected, for tests
    more.push(editor);
  }
  // Teaching the chain rule: pick a parameter (network label, table name, panel chip) to see its
  // chain; the ledger of the last Step; the finite-difference check (after the table: it adds cells).
  if (later.chain) {
    const chain = new later.chain.ChainPanel(document.getElementById('chain'), app);
    pick = (j) => app.select(j) && chain.reveal(j);
    later.chain.pickOnCanvas(network, (j) => pick(j));
    more.push(chain);
  }
  if (later.ledger) more.push(new later.ledger.StepLedger(document.getElementById('ledger'), app));
  if (later.check) more.push(new later.check.GradientCheck(document, app));
  // What a screen reader hears of training: the step count and the SSR once they settle.
  if (later.announce) more.push(new later.announce.Announcer(document.getElementById('announce')));
  if (later.embed && !embedModule) new later.embed.EmbedControls(document, app, options); // the Embed dialog
  // Subscribed after the first stage, so each frame draws these after it (the gradient check
  // after the table); subscribing also redraws everything once, now with these.
  app.subscribe((snapshot) => {
    for (const view of more) view.draw(snapshot);
  });
  // Printed, every view shows this moment's state (one snapshot, its text too), off screen as well:
  // drawn, then caught up (what waits for the screen or a later frame is done now); the landscape
  // has its own way (print). A view that fails is reported and the others still draw.
  addEventListener('beforeprint', () => {
    const s = app.snapshot();
    for (const view of [...views, ...more]) {
      try {
        if (view.print) view.print(s);
        else {
          view.draw(s);
          view.catchUp?.();
        }
      } catch (e) {
        queueMicrotask(() => { throw e; });
      }
    }
  });
  if (errors.length) {
    app.notify(`Part of the page could not be loaded (${errors.map((e) => e?.message ?? e).join('; ')}); ` +
      'the rest works. Reload the page to try again.', 'error');
  }
  await new Promise((resolve) => requestAnimationFrame(resolve));

  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  if (options.autoplay && !reduceMotion && !app.snapshot().message) app.play();
  return errors.length === 0;
}

window.backpropReady = start();
