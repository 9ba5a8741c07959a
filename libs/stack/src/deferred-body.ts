import { Readable } from 'node:stream';

/**
 * A request body that starts reading its source only when an upstream reads it. The proxy
 * destroys the body it was given when a request fails; while `touched` is false the source
 * is intact and the request can be sent again, with a new `DeferredBody`.
 */
export class DeferredBody extends Readable {
  private started = false;

  constructor(private readonly source: Readable) {
    super();
  }

  /** Whether any of the source has been read, so that sending it again is impossible. */
  get touched(): boolean {
    return this.started;
  }

  override _read(): void {
    if (!this.started) {
      this.started = true;
      this.source.on('data', (chunk: Buffer) => {
        if (!this.push(chunk)) this.source.pause();
      });
      this.source.once('end', () => this.push(null));
      this.source.once('error', (error) => this.destroy(error));
    }
    this.source.resume();
  }
}
