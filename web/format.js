// format.js: how numbers read on the page. Pure functions, no DOM, so tests can import them and
// compare what the page shows with what the core returns, formatted the very same way.
//
// Small and large magnitudes are written as "1.234 × 10⁻⁵" (real superscripts), negative numbers
// with a true minus sign "−", so values read well on a projector.

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };
const MINUS = '\u2212';

/**
 * A number as typed: decimal digits with an optional sign (- or −), point (or one decimal comma,
 * "0,05") and exponent ("1e-3"). Anything else is NaN, for the core to refuse with its sentence:
 * "", "0x10" (which Number() reads as 16), "Infinity", "1/2", and "1,000" (see commaOrThousands).
 * ("1e999" reads as Infinity, which every caller refuses as well.)
 */
export function parseDecimal(text) {
  if (commaOrThousands(text)) return NaN;
  const t = String(text).trim().replace(MINUS, '-').replace(',', '.');
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

/**
 * "1,000" and "-12,500": a comma before exactly three digits after a whole number that does not
 * start with 0, which could be a decimal comma (1.000) or a thousands separator (1000, as the page
 * itself writes large numbers). Returns [as a decimal comma, as thousands] as typed ("1.000",
 * "1000"), else null. ("0,125" and "1,5" are decimal commas: no one groups thousands so.)
 */
export function commaOrThousands(text) {
  const m = /^([-+\u2212]?)([1-9]\d{0,2}),(\d{3})$/.exec(String(text).trim());
  return m && [`${m[1]}${m[2]}.${m[3]}`, `${m[1]}${m[2]}${m[3]}`];
}

/** Replace the ASCII hyphen-minus of a formatted number with a typographic minus sign. */
export function minusSign(text) {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

/** "m × 10ᵏ" from a mantissa already written ("2.5", "−0.5") and a whole exponent k. */
export function timesPower(mantissa, k) {
  return `${mantissa} × ${formatPower(k, false)}`;
}

/** `v` in scientific notation with `decimals` digits after the point, e.g. "1.23 × 10⁻⁵". */
export function scientific(v, decimals) {
  const [mantissa, exponent] = v.toExponential(decimals).split('e');
  return timesPower(minusSign(mantissa), Number(exponent));
}

function special(v) {
  if (Number.isNaN(v)) return 'not a number';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return MINUS + '∞';
  return null;
}

/** The SSR as shown on the page: 4 significant digits, scientific outside [0.001, 10000). */
export function formatSSR(v) {
  return formatSig(v, 4);
}

/** Any value with `digits` significant digits (parameter table: values, dSSR/dθ). */
export function formatSig(v, digits = 4) {
  const s = special(v);
  if (s !== null) return s;
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return minusSign(v.toPrecision(digits));
  return scientific(v, digits - 1);
}

/** Fixed `decimals` after the point (the parameter table), scientific when tiny or huge. */
export function formatFixed(v, decimals = 4) {
  const s = special(v);
  if (s !== null) return s;
  if (v === 0) return (0).toFixed(decimals);
  const a = Math.abs(v);
  if (a >= 10 ** -decimals && a < 1e5) return minusSign(v.toFixed(decimals));
  return scientific(v, 3);
}

/** A short label for the network diagram: two decimals, scientific when huge. */
export function formatShort(v) {
  const s = special(v);
  if (s !== null) return s;
  if (Math.abs(v) >= 1e4) return scientific(v, 1);
  const text = v.toFixed(2);
  return text === '-0.00' ? '0.00' : minusSign(text);
}

/** A learning rate: plain when readable, else scientific (also the text of its input field). */
export function formatRate(v) {
  if (v >= 1e-4 && v < 1e6) return String(Number(v.toPrecision(3)));
  return Number(v.toPrecision(3)).toExponential(); // "1e+6", "2.5e-5": no trailing zeros (a narrow field)
}

/** A learning rate in a sentence or a label: as formatRate, but "2.5 × 10⁻⁵" where that writes "2.5e-5". */
export function formatRateText(v) {
  if (!(v > 0) || (v >= 1e-4 && v < 1e6)) return formatRate(v);
  const [mantissa, exponent] = Number(v.toPrecision(3)).toExponential().split('e');
  return timesPower(mantissa, Number(exponent));
}

/** A number in the step ledger: 6 decimals, or 4 significant digits where 6 decimals would show fewer. */
export function formatLedger(v) {
  return v !== 0 && Math.abs(v) < 1e-3 ? formatSig(v, 4) : formatFixed(v, 6);
}

/** An axis tick: compact ("0.5", "1k", "2.5M"). */
export function formatTick(v) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6) return minusSign(`${Number((v / 1e6).toPrecision(3))}M`);
  if (a >= 1e3) return minusSign(`${Number((v / 1e3).toPrecision(3))}k`);
  return minusSign(String(Number(v.toPrecision(3))));
}

/** 12345 -> "12,345" (step counts), locale independent. */
export function formatCount(n) {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 10^k as a tick label: "1", "10", "0.1", else "10⁻⁵" (always so when `plain` is false). */
export function formatPower(k, plain = true) {
  if (plain && k >= -2 && k <= 3) return String(Number((10 ** k).toPrecision(1)));
  return `10${[...String(k)].map((c) => SUPERSCRIPT[c]).join('')}`;
}
