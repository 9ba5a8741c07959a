import { AppRoute, Stack } from '@app/stack';

/** The lines printed once the stack is up: where it is, what runs, how to try it. */
export function readyBanner(stack: Stack, apps: readonly AppRoute[], redis: string): string {
  const gateway = stack.gatewayUrl;
  const credentials = `'{"email":"ann@example.com","password":"correct horse"}'`;
  const width = Math.max(...apps.map(({ app }) => app.length));
  const appLines = apps.map(({ app, prefix }) => {
    const ports = stack.replicas
      .filter((replica) => replica.app === app)
      .map((replica) => `${app}-${replica.name} :${replica.port}`)
      .join(', ');
    return `  ${app.padEnd(width)}  ${gateway}${prefix}  ->  ${ports}`;
  });
  return [
    '',
    `Stack ready: gateway ${gateway}`,
    ...appLines,
    `  redis    ${redis}`,
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
