/** The parts of a V8 `.cpuprofile` the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Where the time went: by function (self and total) and by package, in per cent of the busy time. */
export interface ProfileSummary {
  busyMs: number;
  byPackage: [string, number][];
  selfByFunction: [string, number][];
  totalByFunction: [string, number][];
  /** Collapsed stacks (`frame;frame;frame samples`), the input of flame graph tools. */
  folded: string;
}

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** The package (or `node:` internals, or the project folder) a frame's file belongs to. */
function packageOf(url: string, functionName: string): string {
  if (IDLE.has(functionName)) return functionName;
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  const project = /\/(apps|libs)\/([^/]+)\/src\//.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

const frameName = (url: string, functionName: string, line: number): string =>
  `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/')}:${line + 1}`;

/** Summarises a CPU profile: the busiest packages and functions, and its collapsed stacks. */
export function summariseCpuProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = new Map<number, number>();
  for (const id of profile.samples) samples.set(id, (samples.get(id) ?? 0) + 1);
  const intervalMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const packages = new Map<string, number>();
  const folded = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of samples) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (IDLE.has(functionName)) continue;
    busy += count;
    const name = frameName(url, functionName, lineNumber);
    self.set(name, (self.get(name) ?? 0) + count);
    packages.set(packageOf(url, functionName), (packages.get(packageOf(url, functionName)) ?? 0) + count);
    const stack: string[] = [];
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)!.callFrame;
      if (frame.functionName === '(root)') break;
      const entry = frameName(frame.url, frame.functionName, frame.lineNumber);
      stack.push(entry);
      // A recursive function counts once per sample.
      if (!seen.has(entry)) total.set(entry, (total.get(entry) ?? 0) + count);
      seen.add(entry);
    }
    const key = stack.reverse().join(';');
    folded.set(key, (folded.get(key) ?? 0) + count);
  }
  const percentOf = (entries: Map<string, number>): [string, number][] =>
    [...entries]
      .map(([name, count]): [string, number] => [name, (100 * count) / Math.max(1, busy)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
  return {
    busyMs: Math.round(busy * intervalMs),
    byPackage: percentOf(packages),
    selfByFunction: percentOf(self),
    totalByFunction: percentOf(total),
    folded: [...folded].map(([stack, count]) => `${stack} ${count}`).join('\n'),
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
  return [
    `# CPU profile: ${title}`,
    '',
    `${summary.busyMs} ms busy (idle time left out).`,
    '',
    ...table('package', summary.byPackage),
    ...table('function (self time)', summary.selfByFunction),
    ...table('function (total time, callees included)', summary.totalByFunction),
  ].join('\n');
}
