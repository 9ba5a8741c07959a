// Runs inside the probe service (`docker exec -i <probe> node -e "$(cat probe.js)" '<json>'`),
// which stands in for Traefik on the stack's edge network: it finds the replicas of an app
// through Swarm's DNS (`tasks.<app>`, each task's own address) and prints one JSON result.
//
//   { "op": "resolve", "apps": ["auth"] }                 -> { "auth": ["10.0.1.5", ...] }
//   { "op": "requests", "requests": [{ method, url, body?, cookie? }] }
//                                                         -> [{ status, servedBy, cookie, body, sha256 }]
//   { "op": "load", "app", "path", "cookie", "concurrency" }  until its standard input ends
//                                                         -> { requests, failures, servedBy, retried }
//
// `load` routes as Traefik does: replicas from the provider (DNS, refreshed every second),
// only those whose readiness check passed (every 2 s, 1 s timeout), round-robin, and a request
// whose connection failed is retried on the next replica, up to 3 attempts (the retry
// middleware). Any other failure, and any status but 200, is a failed request. `retried` counts
// the retried attempts by their error: ECONNREFUSED for a replica that no longer listened,
// UND_ERR_SOCKET or ECONNRESET for a connection it closed, TimeoutError for a slow answer.
/* global fetch, AbortSignal, setInterval, setTimeout, clearInterval -- Node's, in the container */
const { createHash } = require('node:crypto');
const { resolve4 } = require('node:dns/promises');

const PORT = 3000;

async function addressesOf(app) {
  try {
    return (await resolve4(`tasks.${app}`)).sort();
  } catch {
    return [];
  }
}

async function send({ method = 'GET', url, body, cookie }) {
  // What Traefik adds: the apps trust it (a private address) and see an HTTPS request, so their
  // Secure session cookie is set.
  const headers = { 'x-forwarded-proto': 'https' };
  if (cookie) headers.cookie = cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  const setCookie = response.headers.getSetCookie().map((line) => line.split(';')[0]);
  return {
    status: response.status,
    servedBy: response.headers.get('x-served-by'),
    cookie: setCookie.find((pair) => pair.startsWith('__Host-sid=')) ?? null,
    // The body cut short for the report; its hash, of the whole, to compare a file served.
    body: text.length > 2000 ? `${text.slice(0, 2000)}...` : text,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

async function load({ app, path, cookie, concurrency = 4 }) {
  const ready = new Set();
  const checking = new Set();
  let known = [];
  let stopped = false;
  const check = async (address) => {
    if (checking.has(address)) return;
    checking.add(address);
    try {
      const response = await fetch(`http://${address}:${PORT}/${app}/health/ready`, {
        signal: AbortSignal.timeout(1000),
      });
      await response.arrayBuffer();
      if (response.ok) ready.add(address);
      else ready.delete(address);
    } catch {
      ready.delete(address);
    } finally {
      checking.delete(address);
    }
  };
  const refresh = async () => {
    known = await addressesOf(app);
    for (const address of ready) if (!known.includes(address)) ready.delete(address);
  };
  await refresh();
  await Promise.all(known.map(check));
  const timers = [
    setInterval(() => void refresh(), 1000),
    setInterval(() => known.forEach((address) => void check(address)), 2000),
  ];

  const result = { requests: 0, failures: [], servedBy: {}, retried: {} };
  let next = 0;
  const loop = async () => {
    while (!stopped) {
      result.requests++;
      let outcome;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const pool = [...ready];
        if (pool.length === 0) {
          outcome = 'no ready replica';
          break;
        }
        const address = pool[next++ % pool.length];
        try {
          const response = await send({ url: `http://${address}:${PORT}${path}`, cookie });
          result.servedBy[response.servedBy] = (result.servedBy[response.servedBy] ?? 0) + 1;
          outcome = response.status === 200 ? undefined : `${response.status} from ${response.servedBy}`;
          break;
        } catch (error) {
          const cause = error.cause?.code ?? error.name;
          outcome = `${address}: ${cause}`;
          result.retried[cause] = (result.retried[cause] ?? 0) + 1;
        }
      }
      if (outcome) result.failures.push(`${new Date().toISOString()} ${outcome}`);
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  // Until the test closes the standard input, or 10 minutes at most.
  await new Promise((resolve) => {
    process.stdin.once('end', resolve).resume();
    setTimeout(resolve, 600_000).unref();
  });
  stopped = true;
  await Promise.all(loops);
  timers.forEach(clearInterval);
  return result;
}

async function main() {
  const plan = JSON.parse(process.argv.at(-1));
  let result;
  if (plan.op === 'resolve') {
    result = Object.fromEntries(await Promise.all(plan.apps.map(async (app) => [app, await addressesOf(app)])));
  } else if (plan.op === 'requests') {
    result = [];
    for (const request of plan.requests) {
      result.push(await send(request).catch((error) => ({ status: 0, error: error.cause?.code ?? error.message })));
    }
  } else if (plan.op === 'load') {
    result = await load(plan);
  } else {
    throw new Error(`unknown op ${plan.op}`);
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
