// wasmsize.mjs: where the bytes of a .wasm file go: section sizes and, when the module has a
// "name" section (emcc --profiling-funcs), the size of every function body. Used by bench.mjs
// to explain the size of backprop.wasm; reads the binary format directly (no dependencies).

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'data count'];

class Reader {
  constructor(bytes, pos = 0) {
    this.b = bytes;
    this.pos = pos;
  }
  byte() { return this.b[this.pos++]; }
  u32() { // unsigned LEB128
    let result = 0, shift = 0, byte;
    do {
      byte = this.b[this.pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }
  string() {
    const n = this.u32(), s = new TextDecoder().decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

/** {total, sections: [{name, size}], functions: [{name, size}] sorted by size, largest first}. */
export function wasmBreakdown(bytes) {
  const r = new Reader(bytes, 8); // skip magic and version
  const sections = [], names = new Map(), bodies = [];
  let importedFunctions = 0;
  while (r.pos < bytes.length) {
    const id = r.byte(), size = r.u32(), start = r.pos, end = start + size;
    let name = SECTION_NAMES[id] ?? `unknown ${id}`;
    if (id === 0) {
      const custom = r.string();
      name = `custom "${custom}"`;
      if (custom === 'name') {
        while (r.pos < end) {
          const sub = r.byte(), subSize = r.u32(), subEnd = r.pos + subSize;
          if (sub === 1) for (let n = r.u32(); n > 0; n--) { const idx = r.u32(); names.set(idx, r.string()); }
          r.pos = subEnd;
        }
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.string(), r.string();
        const kind = r.byte();
        if (kind === 0) r.u32(), importedFunctions++;
        else if (kind === 1) r.byte(), r.limits();
        else if (kind === 2) r.limits();
        else if (kind === 3) r.byte(), r.byte();
      }
    } else if (id === 10) {
      for (let n = r.u32(), i = 0; i < n; i++) {
        const bodySize = r.u32();
        bodies.push({ index: importedFunctions + i, size: bodySize });
        r.pos += bodySize;
      }
    }
    sections.push({ name, size: end - start });
    r.pos = end;
  }
  const functions = bodies.map((f) => ({ name: names.get(f.index) ?? `#${f.index}`, size: f.size }))
    .sort((a, b) => b.size - a.size);
  return { total: bytes.length, sections, functions };
}
