/**
 * Lists of strings per row (a search index's aliases and folded forms), flat: every row's
 * strings in one array, and where each row ends. A stored index comes back as two arrays instead
 * of one array per row (100,000 of them at 100k entities, each one more object for the
 * collector), and rows are only ever appended.
 */
import { packStrings, unpackStrings, type PackedStrings } from '../packed-strings';

export class Ragged {
  constructor(
    private readonly flat: string[] = [],
    private readonly ends: number[] = [],
  ) {}

  static fromStored(packed: PackedStrings, ends: Int32Array, rows: number, what: string): Ragged {
    const flat = unpackStrings(packed, what);
    if (ends.length !== rows || (rows > 0 && ends[rows - 1] !== flat.length)) throw new Error(`${what}: rows are damaged`);
    return new Ragged(flat, Array.from(ends));
  }

  push(list: readonly string[]): void {
    for (const x of list) this.flat.push(x);
    this.ends.push(this.flat.length);
  }

  get(row: number): string[] {
    return this.flat.slice(row === 0 ? 0 : this.ends[row - 1], this.ends[row]);
  }

  at(row: number, k: number): string {
    return this.flat[(row === 0 ? 0 : this.ends[row - 1]) + k];
  }

  /** The first `rows` rows, packed. */
  stored(rows: number): { packed: PackedStrings; ends: Int32Array } {
    const end = rows === 0 ? 0 : this.ends[rows - 1];
    return { packed: packStrings(this.flat.slice(0, end)), ends: Int32Array.from(this.ends.slice(0, rows)) };
  }
}
