import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary';

describe('summariseCpuProfile', () => {
  let folder: string;
  let bundle: string;
  const sonicBoom = 'file:///app/node_modules/sonic-boom/index.js';

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'cpu-profile-summary-'));
    mkdirSync(join(folder, 'dist/apps/cart'), { recursive: true });
    bundle = pathToFileURL(join(folder, 'dist/apps/cart/main.js')).href;
    // main.js's line 0 is webpack's own (no mapping), line 1 is fastify's lib/route.js line 42,
    // line 2 is the app's controller line 10 (mappings `;AAyCA;AChCA`).
    const map = {
      version: 3,
      file: 'main.js',
      sources: [
        'webpack://nest-replicated-sessions/./node_modules/fastify/lib/route.js',
        'webpack://nest-replicated-sessions/./apps/cart/src/catalog.controller.ts',
      ],
      names: [],
      mappings: ';AAyCA;AChCA',
    };
    writeFileSync(join(folder, 'dist/apps/cart/main.js.map'), JSON.stringify(map));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  // root → routeHandler (main.js:1) → getCatalog (main.js:2) → writeGeneric (node:) → writev (native); root →
  // actualWrite (sonic-boom, outside the bundle) → write (node:fs) → writeString (native); and (program).
  const profile = () => ({
    nodes: [
      {
        id: 1,
        callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 },
        children: [2, 5, 6, 7],
      },
      {
        id: 2,
        callFrame: { functionName: 'routeHandler', url: bundle, lineNumber: 1, columnNumber: 4 },
        children: [3],
      },
      { id: 3, callFrame: { functionName: 'getCatalog', url: bundle, lineNumber: 2, columnNumber: 2 }, children: [4] },
      {
        id: 4,
        callFrame: {
          functionName: 'writeGeneric',
          url: 'node:internal/stream_base_commons',
          lineNumber: 92,
          columnNumber: 0,
        },
        children: [10],
      },
      { id: 10, callFrame: { functionName: 'writev', url: '', lineNumber: -1, columnNumber: -1 } },
      { id: 5, callFrame: { functionName: '(program)', url: '', lineNumber: -1, columnNumber: -1 } },
      { id: 6, callFrame: { functionName: '__webpack_require__', url: bundle, lineNumber: 0, columnNumber: 0 } },
      {
        id: 7,
        callFrame: { functionName: 'actualWrite', url: sonicBoom, lineNumber: 635, columnNumber: 0 },
        children: [8],
      },
      { id: 8, callFrame: { functionName: 'write', url: 'node:fs', lineNumber: 866, columnNumber: 0 }, children: [9] },
      { id: 9, callFrame: { functionName: 'writeString', url: '', lineNumber: -1, columnNumber: -1 } },
    ],
    // Eleven samples 1 ms apart: fastify 4, the app 2, writev 2, webpack's own 1, idle 1, writeString 1.
    startTime: 1_000_000,
    endTime: 1_011_000,
    samples: [2, 2, 2, 2, 3, 3, 10, 10, 6, 5, 9],
    timeDeltas: Array(11).fill(1000),
  });

  it("attributes a bundle's frames to their original package and layer, through the map beside it", () => {
    const summary = summariseCpuProfile(profile());

    expect(summary.busyMs).toBe(10);
    expect(summary.byPackage).toEqual([
      ['fastify', 40],
      ['apps/cart', 20],
      ['(socket write)', 20],
      ['(webpack)', 10],
      ['(native)', 10],
    ]);
    expect(summary.byLayer.map(([layer]) => layer)).toEqual([
      'Fastify (fastify, find-my-way, avvio, ...)',
      'the app (apps/*)',
      'socket write (kernel)',
      'other',
      // The native write of the request log counts for sonic-boom, which called it through node:fs.
      'logging (pino and its helpers)',
    ]);
    expect(summary.selfByFunction[0][0]).toBe('routeHandler fastify/lib/route.js:42');
    expect(summary.selfByFunction[1][0]).toBe('getCatalog apps/cart/src/catalog.controller.ts:10');
    // main.js's line 0 has no mapping: webpack's own code, not the module above it.
    expect(summary.selfByFunction.map(([name]) => name)).toContain('__webpack_require__ apps/cart/main.js:1');
    expect(summary.folded).toContain(
      'routeHandler fastify/lib/route.js:42;getCatalog apps/cart/src/catalog.controller.ts:10;writeGeneric node:internal/stream_base_commons:93;writev :0 2',
    );
  });

  it('gives µs per request for the samples of the window only', () => {
    // Samples at 1.001 ... 1.011 s: the window keeps 1.005 ... 1.008 (app 2, writev 2).
    const summary = summariseCpuProfile(profile(), {
      window: { startMicros: 1_004_500, endMicros: 1_008_500 },
      requests: { count: 4, description: 'four in the test' },
    });

    expect(summary.byLayer).toEqual([
      ['the app (apps/*)', 50, 500],
      ['socket write (kernel)', 50, 500],
    ]);
    const markdown = formatProfileSummary(summary, 'test');
    expect(markdown).toContain('| the app (apps/*) | 50.0 | 500.0 |');
    expect(markdown).toContain("µs per request: a layer's sampled time over 4 requests, four in the test.");
  });
});
