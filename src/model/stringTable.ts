/**
 * Interns strings (labels, AS paths, communities…) into small integers so an
 * aggregation key stays a fixed number of words. Id 0 is the empty string.
 */
export class StringTable {
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly texts: string[] = [''];

  intern(text: string): number {
    if (text === '') return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  text(id: number): string {
    return this.texts[id] ?? '';
  }
}
