// presets.js: the examples the page can load, each a complete starting state.
//
// A preset fixes the data, the network (hidden neurons, activation), the initial parameters, which
// parameters are frozen, the learning rate and the steps per frame. Each was checked to train well
// from its starting values (the browser tests train every one and compare with a reference).
//
//   presetState(presetById('step'))  ->  a state for app.applyState() (see share.js)
//
// Frozen masks are written as strings in parameter order, '1' = frozen; for H = 2 the order is
// w1 b1 w2 b2 w3 w4 b3. The walkthrough stages follow the classic derivation: first only the output
// bias b3 is unknown, then the output weights w3, w4 and b3, then all seven parameters.

/** The preset the page starts with (the core's defaults are exactly this state). */
export const DEFAULT_PRESET = 'dosage';

// The dosage data and the article's starting parameters.
const DOSAGE = { xs: [0, 0.5, 1], ys: [0, 1, 0] };
const ARTICLE = [2.74, 0, -1.13, 0, 0.36, 0.63, 0];
// The hidden layer after training (w1, b1, w2, b2), held fixed in walkthrough stages 1 and 2, and
// the output weights w3, w4 that go with it.
const TRAINED_HIDDEN = [3.34, -1.43, -3.53, 0.57];

// k/12 for k = 0..12, and sin(2πx) there, to three decimals.
const SINE_XS = [0, 0.083, 0.167, 0.25, 0.333, 0.417, 0.5, 0.583, 0.667, 0.75, 0.833, 0.917, 1];
const SINE_YS = [0, 0.5, 0.866, 1, 0.866, 0.5, 0, -0.5, -0.866, -1, -0.866, -0.5, 0];

export const PRESETS = Object.freeze([
  {
    id: 'dosage', group: 'Examples', name: 'Dosage (classic)',
    note: 'The article\u2019s example: a low and a high dosage do nothing, the middle one works. Two softplus neurons bend one curve through all three points.',
    hidden: 2, activation: 'softplus', learningRate: 0.1, stepsPerFrame: 2,
    data: DOSAGE, initialParams: ARTICLE, frozen: '0000000',
  },
  {
    id: 'step', group: 'Examples', name: 'A step',
    note: 'One tanh neuron learns a jump from 0 to 1: its input weight keeps growing to make the step sharper, so the SSR falls slowly but never stops falling.',
    hidden: 1, activation: 'tanh', learningRate: 0.08, stepsPerFrame: 20,
    data: { xs: [0, 0.2, 0.4, 0.6, 0.8, 1], ys: [0, 0, 0, 1, 1, 1] },
    initialParams: [1, 0, 0.5, 0.5], frozen: '0000',
  },
  {
    id: 'sine', group: 'Examples', name: 'A sine period',
    note: 'Three tanh neurons combine into one period of a sine wave. Thirteen points add up to large gradients, so the learning rate must be small: 0.01 here, while 0.04 diverges.',
    hidden: 3, activation: 'tanh', learningRate: 0.01, stepsPerFrame: 20,
    data: { xs: SINE_XS, ys: SINE_YS },
    initialParams: [1.5, 0, -2.5, -0.8, 0.3, 0.6, -0.6, -0.6, -0.8, 0], frozen: '0000000000',
  },
  {
    id: 'noisy-line', group: 'Examples', name: 'A noisy line',
    note: 'Eleven points scattered around a straight line. One softplus neuron finds the trend; the SSR levels off above zero because no smooth curve should chase the noise.',
    hidden: 1, activation: 'softplus', learningRate: 0.02, stepsPerFrame: 1,
    data: {
      xs: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      ys: [0.28, 0.15, 0.37, 0.5, 0.37, 0.48, 0.66, 0.49, 0.72, 0.68, 0.89],
    },
    initialParams: [1, 0, 1, 0], frozen: '0000',
  },
  {
    id: 'vee', group: 'Examples', name: 'A V shape (ReLU)',
    note: 'The absolute value |x|: two ReLU neurons, one per arm, meet at the kink. The fit becomes exact, so the SSR drops towards zero.',
    hidden: 2, activation: 'relu', learningRate: 0.02, stepsPerFrame: 1,
    data: { xs: [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1], ys: [1, 0.75, 0.5, 0.25, 0, 0.25, 0.5, 0.75, 1] },
    initialParams: [0.5, 0.1, -0.3, 0.2, 0.5, 0.5, 0], frozen: '0000000',
  },
  {
    id: 'walk-b3', group: 'Walkthrough', name: 'Walkthrough 1: train b3 only',
    note: 'Every weight is already trained and frozen; only the output bias b3 starts at 0 and learns. Press Step to watch each update: new b3 = old b3 \u2212 learning rate \u00d7 dSSR/db3.',
    hidden: 2, activation: 'softplus', learningRate: 0.1, stepsPerFrame: 1,
    data: DOSAGE, initialParams: [...TRAINED_HIDDEN, -1.22, -2.3, 0], frozen: '1111110',
  },
  {
    id: 'walk-output', group: 'Walkthrough', name: 'Walkthrough 2: w3, w4 and b3',
    note: 'The hidden layer stays at its trained values; w3, w4 and b3 start from 0.36, 0.63 and 0 and learn together (learning rate 0.1 converges here; with the untrained hidden layer it diverges). Press Step: the ledger shows the three updates.',
    hidden: 2, activation: 'softplus', learningRate: 0.1, stepsPerFrame: 2,
    data: DOSAGE, initialParams: [...TRAINED_HIDDEN, 0.36, 0.63, 0], frozen: '1111000',
  },
  {
    id: 'walk-all', group: 'Walkthrough', name: 'Walkthrough 3: all seven',
    note: 'Every parameter starts from the article\u2019s values and learns at once: the chain rule gives each weight and bias its own derivative of the SSR. At learning rate 0.1 the first two steps go too far and the SSR rises; then it falls, lingers on a plateau, and falls again almost to 0.',
    hidden: 2, activation: 'softplus', learningRate: 0.1, stepsPerFrame: 2,
    data: DOSAGE, initialParams: ARTICLE, frozen: '0000000',
  },
].map(deepFreeze));

/** The preset with this id, or undefined. */
export function presetById(id) {
  return PRESETS.find((p) => p.id === id);
}

/**
 * What the state s ({activation, data, frozen: booleans}) has changed of the preset's
 * definition, as words for a sentence: [] while it is the example as defined, else some of 'the
 * data', 'the activation' and 'the frozen parameters' (walkthrough 1 with every box unticked
 * trains all seven: its note, "only b3 learns", would be wrong). (Its
 * hidden neurons and initial weights are the example's: that is what `preset` records; see
 * isPresetStart.)
 */
export function presetEdits(preset, s) {
  const edits = [];
  if (!sameNumbers(s.data.xs, preset.data.xs) || !sameNumbers(s.data.ys, preset.data.ys)) edits.push('the data');
  if (s.activation !== preset.activation) edits.push('the activation');
  if (s.frozen.length !== preset.frozen.length || s.frozen.some((f, j) => f !== (preset.frozen[j] === '1')))
    edits.push('the frozen parameters');
  return edits;
}

/** Whether a net starts where the preset does: its hidden neurons and initial parameters. */
export function isPresetStart(preset, hidden, initialParams) {
  return hidden === preset.hidden && sameNumbers(initialParams, preset.initialParams);
}

/**
 * A state that names an example but not its initial parameters (a short link: #preset=sine&lr=0.02)
 * is that example with the state's own fields over it. One that also asks for other hidden neurons
 * or a seed does not start from the example's weights, so it names no example. Anything else (an
 * unknown name included: the checks say why) is returned as it is.
 */
export function withPreset(state) {
  const preset = typeof state?.preset === 'string' && state.initialParams === undefined ? presetById(state.preset) : undefined;
  if (!preset) return state;
  if ((state.hidden !== undefined && state.hidden !== preset.hidden) || state.seed != null) return { ...state, preset: null };
  return { ...presetState(preset), ...state };
}

function sameNumbers(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The state that loads a preset (fresh arrays; for app.applyState). */
export function presetState(preset) {
  return {
    preset: preset.id,
    hidden: preset.hidden,
    activation: preset.activation,
    learningRate: preset.learningRate,
    stepsPerFrame: preset.stepsPerFrame,
    seed: null,
    data: { xs: [...preset.data.xs], ys: [...preset.data.ys] },
    initialParams: [...preset.initialParams],
    params: [...preset.initialParams],
    frozen: Array.from(preset.frozen, (c) => c === '1'),
  };
}

function deepFreeze(o) {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
