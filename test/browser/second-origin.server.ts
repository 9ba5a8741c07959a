import { createServer, Server } from 'node:http';

/** A page served from an origin other than the stack's, for cross-origin tests in a browser. */
export interface SecondOrigin {
  readonly port: number;
  close(): Promise<void>;
}

/** Serves `html` at `/` on 127.0.0.1:`port` (reachable as `localhost` too, another site). */
export async function serveSecondOrigin(port: number, html: string): Promise<SecondOrigin> {
  const server: Server = createServer((request, response) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a hostile page tries against the stack at `target` while its visitor is signed in there:
 * credentialed reads and writes with fetch, and form posts (the classic CSRF) into a hidden
 * frame. It records what its script could see in `window.outcome`.
 */
export function attackerPage(target: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Not your bank</title></head>
<body>
<iframe name="sink" title="sink"></iframe>
<form id="logout-all" method="post" action="${target}/auth/logout-all" target="sink"></form>
<form id="add-to-cart" method="post" action="${target}/cart/items" target="sink" enctype="text/plain">
  <input name='{"sku":"PEN-005","quantity":9,"x":"' value='"}'>
</form>
<script>
window.outcome = (async () => {
  const attempt = async (request) => {
    try {
      const response = await request();
      return response.type === 'opaque' ? 'opaque' : response.status + ' ' + (await response.text());
    } catch (error) {
      return 'blocked: ' + error.name;
    }
  };
  const result = {
    readMe: await attempt(() => fetch('${target}/auth/me', { credentials: 'include' })),
    readSessions: await attempt(() => fetch('${target}/auth/sessions', { credentials: 'include' })),
    patchProfile: await attempt(() =>
      fetch('${target}/profile', {
        method: 'PATCH',
        credentials: 'include',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ displayName: 'pwned' }),
      }),
    ),
    simpleLogoutAll: await attempt(() =>
      fetch('${target}/auth/logout-all', { method: 'POST', credentials: 'include', mode: 'no-cors' }),
    ),
  };
  for (const id of ['logout-all', 'add-to-cart']) {
    const loaded = new Promise((resolve) => document.querySelector('iframe').addEventListener('load', resolve, { once: true }));
    document.getElementById(id).submit();
    await loaded;
  }
  return result;
})();
</script>
</body></html>`;
}

/** A front end on an allow-listed origin (`CORS_ORIGINS`): it reads and writes with the visitor's session. */
export function allowedFrontEndPage(target: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Front end on another origin</title></head>
<body>
<script>
window.outcome = (async () => {
  const me = await fetch('${target}/auth/me', { credentials: 'include' });
  const profile = await fetch('${target}/profile', {
    method: 'PATCH',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Set from the other origin' }),
  });
  return { me: [me.status, await me.json()], profile: [profile.status, await profile.json()] };
})();
</script>
</body></html>`;
}
