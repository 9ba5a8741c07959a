import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Replica } from '@app/stack';
import { BuildReloader } from './build-reloader';

// Replicas that only record their restarts: what is tested is when the reloader restarts them.
function recordingReplicas(events: string[]): Replica[] {
  return ['1', '2'].map((name) => ({
    app: 'auth',
    name,
    restart: async () => {
      events.push(`start auth-${name}`);
      await sleep(200);
      events.push(`ready auth-${name}`);
    },
  })) as unknown as Replica[];
}

describe('BuildReloader', () => {
  const entryFile = join(mkdtempSync(join(tmpdir(), 'reloader-')), 'main.js');
  const events: string[] = [];
  const lines: string[] = [];
  let reloader: BuildReloader;

  beforeAll(() => {
    writeFileSync(entryFile, 'console.log(1);\n');
    reloader = new BuildReloader((line) => lines.push(line));
    reloader.watch('auth', entryFile, recordingReplicas(events));
  });

  afterAll(() => reloader.close());

  it('restarts nothing when the build rewrites the same content (the watch build starting)', async () => {
    writeFileSync(entryFile, 'console.log(1);\n');
    await sleep(2_000);
    expect(events).toEqual([]);
  });

  it('restarts every replica one after another when the content changes', async () => {
    writeFileSync(entryFile, 'console.log(2);\n');
    await sleep(3_000);
    expect(events).toEqual(['start auth-1', 'ready auth-1', 'start auth-2', 'ready auth-2']);
    expect(lines).toEqual(['auth was rebuilt: restarting its replicas one after another', 'auth reloaded']);
  });
});
