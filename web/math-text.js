// math-text.js: tiny DOM builders for formulas set as real text (no MathML, no innerHTML), shared by
// the chain-rule panel and the step ledger. A stacked fraction carries a visually hidden "/" so a
// screen reader says "d SSR / d w1" and copy-paste gives "dSSR/dw1", and a power a hidden "^"; a
// numerator, denominator or exponent of more than one term gets hidden brackets, so that read as a
// line it means what the stacked form does: "(e^x1)/(1 + e^x1)". Indices are <sub>.
//
//   deriv('SSR', 'w1')      -> d SSR over d w₁, stacked
//   symbol('w12')           -> w₁₂ (italic letter, subscript index)
//   numberCell(td, v, fmt)  -> writes fmt(v) and data-value (the exact number, for tests and copy)
//   scrollHint(wrap, name)  -> a hint, shown while the table in the scrolling box wrap does not fit

/** An element with a class and children (strings become text nodes; null/false are skipped). */
export function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** A name such as 'w12', 'b3', 'x1' or 'predicted' as math: the letters in italics, digits as a subscript. */
export function symbol(name) {
  const m = /^([A-Za-z]+?)(\d+)$/.exec(name);
  if (!m) return el('var', 'm-word', name);
  return el('span', 'm-sym', el('var', null, m[1]), el('sub', null, m[2]));
}

/** A quantity inside a derivative: a single-letter symbol is italic, a word ('SSR', 'predicted') upright. */
function quantity(name) {
  return /^[A-Za-z]\d+$/.test(name) ? symbol(name) : el('span', 'm-word', name);
}

/** A stacked fraction: numerator over denominator (either a node, a string or an array of them). */
export function frac(num, den) {
  return el('span', 'm-frac', bracketed(el('span', 'm-num', num)), hiddenText('/'), bracketed(el('span', 'm-den', den)));
}

/**
 * Whether a formula written as a line is more than one term at its top level: a sum or difference
 * ("1 + e^x1", "1 − tanh^2(x1)") or a case ("1 if x1 > 0, else 0"), not a product ("−2 (observed −
 * predicted)", "σ(x1)(1 − σ(x1))"): beside another operator it needs brackets to be read right.
 */
function isCompound(text) {
  let top = text, inner;
  while ((inner = top.replace(/\([^()]*\)/g, '')) !== top) top = inner; // (bracketed groups out)
  return /\s[+−-]\s|,|\bif\b/.test(top.trim());
}

/** Hidden brackets inside `node` around its content when it is compound (see the top of the file). */
export function bracketed(node) {
  if (isCompound(node.textContent)) {
    node.prepend(hiddenText('('));
    node.append(hiddenText(')'));
  }
  return node;
}

function hiddenText(text) {
  return el('span', 'visually-hidden', text);
}

/** d top / d bottom, stacked. */
export function deriv(top, bottom) {
  return frac(['d', quantity(top)], ['d', quantity(bottom)]);
}

/** A superscript. */
export function sup(...children) {
  return [hiddenText('^'), bracketed(el('sup', null, ...children))];
}

/** Write a number into a cell: the formatted text, and the exact value in data-value. */
export function numberCell(cell, value, format) {
  const text = format(value);
  if (cell.textContent !== text) cell.textContent = text;
  const exact = Object.is(value, -0) ? '-0' : String(value); // Number() reads either back exactly
  if (cell.dataset.value !== exact) cell.dataset.value = exact;
}

/** Set text only when it differs (no needless layout work while training). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * A hint for a wide table in its scrolling box (on a phone the chain and the ledger do not fit, and
 * a number cut at the box's edge, or under a column pinned there, reads as a cut number, not as more
 * table): shown only while the table is wider than the box, and the box then given the class
 * overflows (teach.css pins the last column). Returns the hint, for the caller to place, and an
 * observer to disconnect when the box is thrown away.
 */
export function scrollHint(wrap, name) {
  const hint = el('p', 'hint scroll-hint', 'The table scrolls sideways: swipe or scroll it to see every column.');
  const check = () => {
    const over = wrap.scrollWidth > wrap.clientWidth + 1;
    hint.hidden = !over;
    wrap.classList.toggle('overflows', over); // (teach.css pins the last column)
    // While it scrolls, the box takes focus, so that the keyboard can scroll it too: a region, named.
    // (Kept while it has the focus, which would otherwise drop to the page.)
    if (over === wrap.hasAttribute('tabindex') || (!over && document.activeElement === wrap)) return;
    if (over) {
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', `${name}, scrolling sideways`);
    } else {
      for (const attribute of ['tabindex', 'role', 'aria-label']) wrap.removeAttribute(attribute);
    }
  };
  const observer = new ResizeObserver(check);
  observer.observe(wrap);
  if (wrap.firstElementChild) observer.observe(wrap.firstElementChild); // the table grows with its numbers
  check();
  return { hint, observer };
}
