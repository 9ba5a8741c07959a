import { AppRoute, Stack } from '@app/stack';

/** The lines printed once the stack is up: where it is, what runs, how to try it. */
export function readyBanner(stack: Stack, apps: readonly AppRoute[], redis: string): string {
  const gateway = stack.gatewayUrl;
  const rows = apps.map(({ app, prefix }) => [
    app,
    `${gateway}${prefix}`,
    stack.replicas
      .filter((replica) => replica.app === app)
      .map((replica) => `${app}-${replica.name} :${replica.port}`)
      .join(', '),
  ]);
  const nameWidth = Math.max('redis'.length, ...rows.map(([name]) => name.length));
  const urlWidth = Math.max(...rows.map(([, url]) => url.length));
  const credentials = `'{"email":"ann@example.com","password":"correct horse"}'`;
  return [
    '',
    `Stack ready: gateway ${gateway}`,
    ...rows.map(([name, url, replicas]) => `  ${name.padEnd(nameWidth)}  ${url.padEnd(urlWidth)}  ->  ${replicas}`),
    `  ${'redis'.padEnd(nameWidth)}  ${redis}`,
    '',
    'Try it (X-Served-By names the replica that answered):',
    `  curl -i -c jar -H 'content-type: application/json' -d ${credentials} ${gateway}/auth/register`,
    `  curl -i -c jar -b jar -H 'content-type: application/json' -d ${credentials} ${gateway}/auth/login`,
    `  curl -i -b jar ${gateway}/auth/me`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}
