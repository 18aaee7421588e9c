// param-table.js: the live parameter table, real DOM text for screen readers and copy-paste:
// name, role, current value, dSSR/dθ, and a freeze checkbox per parameter (the freeze toggles).
// Rows are rebuilt only when the parameter list changes; otherwise only changed text is written.
// With onSelect, each name is a button (and a click on the row picks it too): the chain-rule panel
// then explains that parameter; the selected row is marked.

import { NEURON_COLORS } from './canvas.js';
import { formatFixed } from './format.js';

export class ParamTable {
  #body;
  #onFreeze;
  #onSelect;
  #rows = [];
  #key = '';

  /** tbody: the table body to fill; onFreeze(index, frozen) is called when a box is toggled;
   *  onSelect(index), if given, when a parameter's name (or row) is picked. */
  constructor(tbody, onFreeze, onSelect = null) {
    this.#body = tbody;
    this.#onFreeze = onFreeze;
    this.#onSelect = onSelect;
  }

  draw(s) {
    const key = `${s.hidden}:${s.names.join(',')}`, rebuilt = key !== this.#key;
    if (rebuilt) this.#build(s);
    this.#key = key;
    for (let j = 0; j < this.#rows.length; j++) {
      const row = this.#rows[j], v = s.params[j], g = s.gradients[j];
      if (s.textFrame !== false || rebuilt) { // (while training plays, about 10 times a second: app.js)
        setText(row.value, formatFixed(v, 4));
        setText(row.gradient, formatFixed(g, 4));
        row.value.className = `num ${v > 0 ? 'pos' : v < 0 ? 'neg' : ''}`;
      }
      if (row.box.checked !== s.frozen[j]) row.box.checked = s.frozen[j];
      row.tr.classList.toggle('frozen', s.frozen[j]);
      if (row.pick) {
        const picked = s.selected === j;
        row.tr.classList.toggle('selected', picked);
        if (picked) row.pick.setAttribute('aria-current', 'true');
        else row.pick.removeAttribute('aria-current');
      }
    }
  }

  #build(s) {
    const H = s.hidden;
    this.#body.replaceChildren();
    this.#rows = s.names.map((name, j) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      const [, letter, index] = /^([a-z]+)(\d*)$/i.exec(name) ?? [name, name, ''];
      let pick = null, holder = th;
      if (this.#onSelect) {
        pick = document.createElement('button');
        pick.type = 'button';
        pick.className = 'param-name';
        pick.setAttribute('aria-label', `${name}: show its chain rule`);
        pick.addEventListener('click', () => this.#onSelect(j));
        tr.addEventListener('click', (e) => { if (!e.target.closest('input, button')) this.#onSelect(j); });
        th.append(pick);
        holder = pick;
      }
      holder.append(letter);
      if (index) {
        const sub = document.createElement('sub');
        sub.textContent = index;
        holder.append(sub);
      }
      const role = document.createElement('td');
      role.className = 'role';
      const neuron = j < 2 * H ? Math.floor(j / 2) : j < 3 * H ? j - 2 * H : -1;
      if (neuron >= 0) {
        const dot = document.createElement('span');
        dot.className = 'swatch';
        dot.style.backgroundColor = NEURON_COLORS[neuron % NEURON_COLORS.length];
        dot.setAttribute('aria-hidden', 'true');
        role.append(dot);
      }
      role.append(describe(j, H));
      const value = document.createElement('td');
      const gradient = document.createElement('td');
      gradient.className = 'num';
      const freeze = document.createElement('td');
      freeze.className = 'freeze';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = `freeze-${j}`;
      box.setAttribute('aria-label', `Freeze ${name}`);
      box.addEventListener('change', () => this.#onFreeze(j, box.checked));
      freeze.append(box);
      tr.append(th, role, value, gradient, freeze);
      this.#body.append(tr);
      return { tr, value, gradient, box, pick };
    });
  }
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// What parameter j does, in words (order: w_k, b_k per neuron, then v_k, then c).
function describe(j, H) {
  if (j < 2 * H) return j % 2 === 0 ? `input → neuron ${j / 2 + 1}` : `bias, neuron ${(j - 1) / 2 + 1}`;
  if (j < 3 * H) return `neuron ${j - 2 * H + 1} → output`;
  return 'bias, output';
}
