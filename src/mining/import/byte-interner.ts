// The values of an event's core attributes (activity names, resources, lifecycle values)
// repeat: each distinct one is decoded once and found again by a hash of its bytes, so that
// the byte scanner makes no string for a value seen before.

/** A value of a core attribute seen before: its bytes, its text and (once the reader has one) its interned index. */
export interface InternEntry {
  readonly bytes: Buffer;
  readonly text: string;
  /** Index in the log's table of names, -1 until the reader assigns it. */
  id: number;
}

/** Makes the text of a value's bytes (checked and decoded as an attribute value). */
export interface ValueDecoder {
  decodeRange(b: Buffer, a: number, e: number): string;
}

const MAX_INTERNED = 200_000;

/** Values seen before (activity names, resources, lifecycle values), found by a hash of their bytes: open addressing. */
export class ByteInterner {
  private mask = 1023;
  private hashes = new Int32Array(1024);
  private entries: Array<InternEntry | null> = new Array<InternEntry | null>(1024).fill(null);
  private count = 0;

  /** The entry for bytes a..e of b, whose FNV-1a hash is h; `decode` makes the text of a new one. */
  get(b: Buffer, a: number, e: number, h: number, scanner: ValueDecoder): InternEntry {
    const len = e - a;
    let idx = h & this.mask;
    for (;;) {
      const entry = this.entries[idx];
      if (entry === null) break;
      if (this.hashes[idx] === h) {
        const k = entry.bytes;
        if (k.length === len) {
          let i = 0;
          while (i < len && b[a + i] === k[i]) i++;
          if (i === len) return entry;
        }
      }
      idx = (idx + 1) & this.mask;
    }
    return this.add(b, a, e, h, idx, scanner);
  }

  /** A value not seen before, placed at the free slot idx (kept apart: it runs once per distinct value). */
  private add(b: Buffer, a: number, e: number, h: number, idx: number, scanner: ValueDecoder): InternEntry {
    const entry: InternEntry = { bytes: Buffer.from(b.subarray(a, e)), text: scanner.decodeRange(b, a, e), id: -1 };
    if (this.count < MAX_INTERNED) {
      this.entries[idx] = entry;
      this.hashes[idx] = h;
      if (++this.count * 2 > this.mask) this.grow();
    }
    return entry;
  }

  private grow(): void {
    const old = this.entries;
    const oldHashes = this.hashes;
    const size = old.length * 2;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.entries = new Array<InternEntry | null>(size).fill(null);
    for (let j = 0; j < old.length; j++) {
      const entry = old[j];
      if (entry === null) continue;
      let idx = oldHashes[j] & this.mask;
      while (this.entries[idx] !== null) idx = (idx + 1) & this.mask;
      this.entries[idx] = entry;
      this.hashes[idx] = oldHashes[j];
    }
  }
}
