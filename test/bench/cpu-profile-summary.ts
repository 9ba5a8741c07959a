import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where a frame's function starts: lines and columns 0-based, as V8 and source maps count them. */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: CallFrame;
    hitCount?: number;
    children?: number[];
  }[];
  /** Microseconds of the monotonic clock (`process.hrtime`'s, in µs). */
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds from the previous sample (from `startTime` for the first). */
  timeDeltas?: number[];
}

/** What to summarise of a profile, beyond the whole of it. */
export interface SummaryOptions {
  /** Rows per table of packages and functions. */
  top?: number;
  /** Only the samples taken in this span of the monotonic clock, in µs (`process.hrtime.bigint() / 1000n`). */
  window?: { startMicros: number; endMicros: number };
  /** The requests served in the span summarised, for the µs per request of each layer; what they are, for the reader. */
  requests?: { count: number; description: string };
}

/** Where the time went: by layer, package and function (self and total), in per cent of the busy time. */
export interface ProfileSummary {
  busyMs: number;
  /** Layers with their per cent of the busy time and, when the requests are known, µs per request. */
  byLayer: [string, number, number | undefined][];
  byPackage: [string, number][];
  selfByFunction: [string, number][];
  totalByFunction: [string, number][];
  /** Collapsed stacks (`frame;frame;frame samples`), the input of flame graph tools. */
  folded: string;
  /** What the µs per request divide by, when they are given. */
  requests?: { count: number; description: string };
  /** Milliseconds of the span summarised, when it is a window of the profile. */
  windowMs?: number;
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/**
 * The layers of a request, by package (the names `packageOf` gives), first match wins. A reader
 * asks "how much is logging, how much is Redis", not "how much is sonic-boom".
 */
const LAYERS: [string, RegExp][] = [
  ['socket write (kernel)', /^\(socket write\)$/],
  ['Node HTTP and internals (node:)', /^node: internals$/],
  [
    'session (libs/session, @fastify/session, cookies)',
    /^(libs\/session|@fastify\/(session|cookie)|cookie|cookie-signature)$/,
  ],
  [
    'logging (pino and its helpers)',
    /^(pino(-[\w-]+)?|nestjs-pino|sonic-boom|quick-format-unescaped|@pinojs\/redact|fast-redact|thread-stream|atomic-sleep|on-exit-leak-free|safe-stable-stringify|fast-safe-stringify)$/,
  ],
  ['metrics (prom-client)', /^(prom-client|@willsoto\/nestjs-prometheus|tdigest|bintrees)$/],
  [
    'Redis (ioredis, libs/redis)',
    /^(ioredis|@ioredis\/.*|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|libs\/redis)$/,
  ],
  [
    'Fastify (fastify, find-my-way, avvio, ...)',
    /^(fastify|fastify-plugin|@fastify\/.*|find-my-way|avvio|light-my-request|fast-.*|toad-cache|safe-regex2|ret|proxy-addr|forwarded|ipaddr\.js|content-type|process-warning|abstract-logging|fastq|reusify|rfdc|secure-json-parse|json-schema-ref-resolver|ajv.*|vary)$/,
  ],
  [
    'Nest (@nestjs/*, rxjs, reflect-metadata)',
    /^(@nestjs\/.*|rxjs|reflect-metadata|tslib|iterare|uid|path-to-regexp|load-esm)$/,
  ],
  [
    'validation (class-validator, class-transformer)',
    /^(class-validator|class-transformer|validator|libphonenumber-js)$/,
  ],
  ['project platform (libs/platform)', /^libs\/platform$/],
  ['the app (apps/*)', /^apps\//],
];

const layerOf = (pkg: string): string => LAYERS.find(([, packages]) => packages.test(pkg))?.[0] ?? 'other';

/** The package (or `node:` internals, or the project folder) a frame's file belongs to. */
function packageOf(url: string, functionName: string): string {
  if (IDLE.has(functionName)) return functionName;
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  if (url.startsWith('webpack')) return '(webpack)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  // `apps/cart/src/...` as a bundle's source map names it, `file:///.../apps/cart/src/...` unbundled.
  const project = /(?:^|\/)(apps|libs)\/([^/]+)\/src\//.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

const frameName = (url: string, functionName: string, line: number): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/')}:${line + 1}`;

// An app's webpack bundle (scripts/webpack.app.config.js): every package in it has its url, so
// its frames are mapped back to their files through the source map beside it.
const BUNDLE = /^file:\/\/.*\/dist\/apps\/[^/]+\/[^/]+\.js$/;

/** `webpack://<name>/./node_modules/x/y.js` as `node_modules/x/y.js`, the path the rest of the summary reads. */
const normaliseSource = (source: string): string => source.replace(/^webpack:\/\/[^/]*\//, '').replace(/^\.\//, '');

/** Maps frames of a bundle to their original file and line, reading each bundle's source map once. */
function sourceMapper(): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string): SourceMap | undefined => {
    if (!maps.has(url)) {
      let map: SourceMap | undefined;
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
      } catch {
        // Built without a map (an older dist/): its frames stay main.js's.
        map = undefined;
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  return (frame) => {
    if (!BUNDLE.test(frame.url)) return frame;
    const map = mapOf(frame.url);
    if (!map) return frame;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    // findEntry answers with the nearest mapping before the position, even lines above: a line
    // without one is webpack's own code (its runtime, the getters of a module's exports), named
    // `webpack:` rather than given to the module above it.
    if (!('originalSource' in entry) || entry.generatedLine !== frame.lineNumber)
      return { ...frame, url: frame.url.replace(/^file:/, 'webpack:') };
    return {
      ...frame,
      url: normaliseSource(entry.originalSource),
      lineNumber: entry.originalLine,
      columnNumber: entry.originalColumn,
    };
  };
}

/**
 * Summarises a CPU profile: the busiest layers, packages and functions, and its collapsed
 * stacks. Frames of an app's bundle count for their original package, through its source map.
 */
export function summariseCpuProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { top = 25, window, requests } = options;
  const mapFrame = sourceMapper();
  const frames = new Map(profile.nodes.map((node) => [node.id, mapFrame(node.callFrame)]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = new Map<number, number>();
  let at = profile.startTime;
  let kept = 0;
  let keptMicros = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas?.[index] ?? 0;
    at += delta;
    if (window && (at < window.startMicros || at > window.endMicros)) return;
    samples.set(id, (samples.get(id) ?? 0) + 1);
    kept++;
    keptMicros += delta;
  });
  // V8 stretches its 1 ms interval when the thread is slow to answer (a busy machine, the start's
  // compiling): the mean interval of the samples kept, not of the whole profile.
  const intervalMs =
    window && kept
      ? keptMicros / 1000 / kept
      : (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  const layers = new Map<string, number>();
  const folded = new Map<string, number>();
  const add = (entries: Map<string, number>, key: string, count: number) =>
    entries.set(key, (entries.get(key) ?? 0) + count);
  // The natives Node's streams call to write to a socket (writeUtf8String, writev, ...: the
  // responses, Redis's commands): their time is the system call's, the kernel's.
  const isSocketWrite = (id: number): boolean =>
    !frames.get(id)!.url && frames.get(parent.get(id) ?? -1)?.url === 'node:internal/stream_base_commons';
  // A native function (a file write, Buffer.byteLength, a RegExp) has no package: its time is
  // the layer's that called it, the nearest caller outside Node's internals (sonic-boom's for the
  // request log's write), or Node's if Node called it by itself (the microtask queue).
  const callerLayer = (id: number): string => {
    let layer = 'other';
    for (let current = parent.get(id); current !== undefined; current = parent.get(current)) {
      const { url, functionName } = frames.get(current)!;
      if (url.startsWith('node:')) layer = layerOf(packageOf(url, functionName));
      else if (url) return layerOf(packageOf(url, functionName));
    }
    return layer;
  };
  let busy = 0;
  for (const [id, count] of samples) {
    const { functionName, url, lineNumber } = frames.get(id)!;
    if (IDLE.has(functionName)) continue;
    busy += count;
    add(self, frameName(url, functionName, lineNumber), count);
    const pkg = isSocketWrite(id) ? '(socket write)' : packageOf(url, functionName);
    add(packages, pkg, count);
    add(layers, pkg === '(native)' ? callerLayer(id) : layerOf(pkg), count);
    const stack: string[] = [];
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = frames.get(current)!;
      if (frame.functionName === '(root)') break;
      const entry = frameName(frame.url, frame.functionName, frame.lineNumber);
      stack.push(entry);
      // A recursive function counts once per sample.
      if (!seen.has(entry)) add(total, entry, count);
      seen.add(entry);
    }
    add(folded, stack.reverse().join(';'), count);
  }
  const percentOf = (entries: Map<string, number>, rows = top): [string, number][] =>
    [...entries]
      .map(([name, count]): [string, number] => [name, (100 * count) / Math.max(1, busy)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows);
  // The layers' samples at the mean interval, over the requests served while they were taken.
  const microsPerRequest = (layer: string): number | undefined =>
    requests?.count ? ((layers.get(layer) ?? 0) * intervalMs * 1000) / requests.count : undefined;
  return {
    busyMs: Math.round(busy * intervalMs),
    byLayer: percentOf(layers, layers.size).map(([layer, percent]) => [layer, percent, microsPerRequest(layer)]),
    byPackage: percentOf(packages),
    selfByFunction: percentOf(self),
    totalByFunction: percentOf(total),
    folded: [...folded].map(([stack, count]) => `${stack} ${count}`).join('\n'),
    requests,
    windowMs: window ? Math.round((window.endMicros - window.startMicros) / 1000) : undefined,
  };
}

/** The summary as Markdown tables. */
export function formatProfileSummary(summary: ProfileSummary, title: string): string {
  const table = (heading: string, rows: [string, number][]): string[] => [
    `| ${heading} | % of busy time |`,
    '|---|---:|',
    ...rows.map(([name, percent]) => `| \`${name}\` | ${percent.toFixed(1)} |`),
    '',
  ];
  // µs per request only when the caller knows the requests; a layer's share either way.
  const perRequest = summary.requests !== undefined;
  const layers = [
    `| layer | % of busy time |${perRequest ? ' µs per request |' : ''}`,
    `|---|---:|${perRequest ? '---:|' : ''}`,
    ...summary.byLayer.map(
      ([layer, percent, micros]) =>
        `| ${layer} | ${percent.toFixed(1)} |${micros === undefined ? '' : ` ${micros.toFixed(1)} |`}`,
    ),
    '',
    ...(summary.requests
      ? [
          `µs per request: a layer's sampled time over ${summary.requests.count} requests, ${summary.requests.description}.`,
          "V8 samples the thread on the wall clock: on a busy machine, a layer's time includes waits for a core.",
          '',
        ]
      : []),
  ];
  const span = summary.windowMs === undefined ? '' : ` in the ${summary.windowMs} ms summarised`;
  return [
    `# CPU profile: ${title}`,
    '',
    `${summary.busyMs} ms busy${span} (idle time and garbage collection left out).`,
    '',
    ...layers,
    ...table('package', summary.byPackage),
    ...table('function (self time)', summary.selfByFunction),
    ...table('function (total time, callees included)', summary.totalByFunction),
  ].join('\n');
}
