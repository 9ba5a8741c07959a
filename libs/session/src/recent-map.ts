/**
 * The entries set lately, in two generations of at most `generationSize` each: when the newer
 * is full it becomes the older and the older is dropped whole, and an entry read from the older
 * moves to the newer. So it holds the last `generationSize` to `2 × generationSize` entries set
 * or read, in O(1) a call: evicting one entry at a time from a full `Map` costs several
 * microseconds each, as V8 steps over the deleted slots at its front.
 */
export class RecentMap<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(private readonly generationSize: number) {}

  /** Entries held now. */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: string): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const older = this.previous.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: string, value: V): void {
    this.current.set(key, value);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
  }
}
