import { createHash } from 'node:crypto';
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { Replica } from '@app/stack';

// webpack writes a bundle in pieces; a change is acted on once the file has been still this long.
const SETTLE_MS = 300;
const POLL_MS = 500;

/**
 * `npm run start:watch`: restarts an app's replicas, one after another, whenever its bundle
 * changes (the Nest CLI rebuilds it in watch mode), so the gateway always has one that serves.
 * A rewrite with the same content (the watch's first build) restarts nothing.
 */
export class BuildReloader {
  private readonly watched: string[] = [];
  private closed = false;

  constructor(private readonly log: (message: string) => void) {}

  /** Watches `entryFile`, the build of the app that `replicas` run. */
  watch(app: string, entryFile: string, replicas: readonly Replica[]): void {
    let running = digestOf(entryFile);
    let settle: NodeJS.Timeout | undefined;
    let reloading = Promise.resolve();
    this.watched.push(entryFile);
    watchFile(entryFile, { interval: POLL_MS }, () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        const built = digestOf(entryFile);
        if (this.closed || built === undefined || built === running) return;
        running = built;
        reloading = reloading.then(() => this.reload(app, replicas));
      }, SETTLE_MS);
    });
  }

  /** Stops watching; a reload under way finishes. */
  close(): void {
    this.closed = true;
    for (const file of this.watched) unwatchFile(file);
  }

  private async reload(app: string, replicas: readonly Replica[]): Promise<void> {
    this.log(`${app} was rebuilt: restarting its replicas one after another`);
    for (const replica of replicas) {
      if (this.closed) return;
      try {
        await replica.restart();
      } catch (error) {
        this.log((error as Error).message);
        return;
      }
    }
    this.log(`${app} reloaded`);
  }
}

function digestOf(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
