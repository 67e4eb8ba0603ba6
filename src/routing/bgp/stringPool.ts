/**
 * Reference-counted interning of the texts BGP attribute sets share: AS
 * paths, next hops, community lists. A million routes have a few hundred
 * thousand distinct attribute sets and far fewer distinct AS paths or
 * community lists; each distinct text is held once, under a small integer
 * id that the attribute table stores and hashes instead of the string.
 */
export class StringPool {
  private readonly ids = new Map<string, number>();
  private strings: string[] = [];
  private refs = new Int32Array(1024);
  private readonly free: number[] = [];

  /** The id of `text`, with one more reference. */
  intern(text: string): number {
    const known = this.ids.get(text);
    if (known !== undefined) {
      this.refs[known]!++;
      return known;
    }
    const id = this.free.length > 0 ? this.free.pop()! : this.strings.length;
    if (id >= this.refs.length) {
      const refs = new Int32Array(this.refs.length * 2);
      refs.set(this.refs);
      this.refs = refs;
    }
    this.strings[id] = text;
    this.refs[id] = 1;
    this.ids.set(text, id);
    return id;
  }

  /** One more reference to an id already held. */
  retain(id: number): void {
    this.refs[id]!++;
  }

  text(id: number): string {
    return this.strings[id]!;
  }

  /** Drops one reference; the text is forgotten with its last one. */
  release(id: number): void {
    if (--this.refs[id]! > 0) return;
    this.ids.delete(this.strings[id]!);
    this.strings[id] = '';
    this.free.push(id);
  }

  /** Distinct texts held. */
  get size(): number {
    return this.ids.size;
  }
}
