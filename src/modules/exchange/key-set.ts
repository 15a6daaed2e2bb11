// The keys of a delivery's rows seen so far, for the duplicate-key check of the first pass: a hash
// set whose keys live as UTF-8 bytes in one growing buffer and whose table is typed arrays. A
// JavaScript Set of a million key strings cost the first pass 1.1–1.5 s of CPU a million rows, most
// of it the garbage collector moving and marking the strings it holds; here the collector sees a
// few buffers (ADR 0031). About 40 bytes a key (the key's bytes, its slot, its offset), outside the
// JavaScript heap, counted in the process's RSS. Keys are compared by their UTF-8 bytes: the row
// keys are JSON texts, in which JSON.stringify has escaped any lone surrogate, so two different keys
// never share their bytes.

const INITIAL_SLOTS = 1 << 16;
const INITIAL_BYTES = 1 << 20;

/** FNV-1a over the UTF-16 units of a text, 32 bits. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class KeySet {
  /** Per slot: 1 + the index of its key, 0 when empty. Open addressing, linear probing, at most half full. */
  private slots = new Int32Array(INITIAL_SLOTS);
  /** Per slot: the hash of its key (compared before the bytes). */
  private hashes = new Uint32Array(INITIAL_SLOTS);
  /** Per key: where its bytes start in `bytes` (the next key's start is where they end; a delivery is at most 1 GB). */
  private starts: Uint32Array<ArrayBuffer> = new Uint32Array(INITIAL_SLOTS / 2 + 1);
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private end = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the key; false when it was there already. */
  add(key: string): boolean {
    const hash = hashOf(key);
    // The key's bytes go after the others; they stay only if the key is new.
    const most = key.length * 3;
    if (this.end + most > this.bytes.length) this.growBytes(most);
    const start = this.end;
    const length = this.bytes.write(key, start, 'utf8');
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) break;
      if (this.hashes[slot] === hash) {
        const s = this.starts[entry - 1];
        const e = this.starts[entry];
        if (e - s === length && this.bytes.compare(this.bytes, start, start + length, s, e) === 0) return false;
      }
      slot = (slot + 1) & mask;
    }
    this.count += 1;
    this.slots[slot] = this.count;
    this.hashes[slot] = hash;
    this.end = start + length;
    if (this.count + 1 >= this.starts.length) this.starts = grown(this.starts, this.starts.length * 2);
    this.starts[this.count - 1] = start;
    this.starts[this.count] = this.end;
    if (this.count * 2 > this.slots.length) this.rehash();
    return true;
  }

  private growBytes(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), this.end + need));
    this.bytes.copy(bigger, 0, 0, this.end);
    this.bytes = bigger;
  }

  /** Twice the slots, every key placed again by its hash. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const hashes = new Uint32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let old = 0; old < this.slots.length; old++) {
      const entry = this.slots[old];
      if (entry === 0) continue;
      let slot = this.hashes[old] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
      hashes[slot] = this.hashes[old];
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}

function grown(array: Uint32Array, length: number): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(length);
  bigger.set(array);
  return bigger;
}
