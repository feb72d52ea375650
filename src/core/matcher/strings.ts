/**
 * A list of strings (entity ids, surname keys) that is stored packed (../packed-strings.ts):
 * 100,000 separate strings were most of the persisted matcher's reload time. After a load the
 * strings are cut out one at a time when a scan needs them; the first update turns the list
 * into an ordinary array.
 */
import { checkPacked, packStrings } from '../packed-strings';

export class StringList {
  private list: string[] | null;
  private pack: string;
  private ends: Int32Array;
  /** Strings already cut out of `pack`, by index (a loaded list only). */
  private cut = new Map<number, string>();

  private constructor(list: string[] | null, pack: string, ends: Int32Array) {
    this.list = list;
    this.pack = pack;
    this.ends = ends;
  }

  static empty(): StringList {
    return new StringList([], '', new Int32Array(0));
  }

  /** Wraps a stored list (no work proportional to its length). */
  static fromStored(pack: string, ends: Int32Array): StringList {
    checkPacked({ pack, ends }, 'Serialized matcher');
    return new StringList(null, pack, ends);
  }

  get length(): number {
    return this.list !== null ? this.list.length : this.ends.length;
  }

  get(i: number): string {
    if (this.list !== null) return this.list[i];
    // Each string is cut once: a scan reads the same few ids again and again (every link of
    // every mention, and the result's types keys), and a fresh string each time costs a slice
    // and, as a property key, a lookup in the engine's string table.
    let s = this.cut.get(i);
    if (s === undefined) {
      s = this.pack.slice(i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
      this.cut.set(i, s);
    }
    return s;
  }

  push(s: string): number {
    const list = this.materialize();
    list.push(s);
    return list.length - 1;
  }

  /** The first `count` strings, packed. */
  toStored(count: number): { pack: string; ends: Int32Array } {
    if (this.list === null) {
      const ends = this.ends.slice(0, count);
      return { pack: this.pack.slice(0, count > 0 ? ends[count - 1] : 0), ends };
    }
    return packStrings(this.list.slice(0, count));
  }

  private materialize(): string[] {
    if (this.list === null) {
      const list: string[] = new Array(this.ends.length);
      for (let i = 0; i < list.length; i++) list[i] = this.cut.get(i) ?? this.pack.slice(i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
      this.list = list;
      this.pack = '';
      this.ends = new Int32Array(0);
      this.cut.clear();
    }
    return this.list;
  }
}
