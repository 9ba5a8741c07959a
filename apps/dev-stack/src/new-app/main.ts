import { repositoryRoot } from '@app/stack';
import { DEFAULT_GATEWAY_PORT } from '../launcher-environment';
import { addApp } from './add-app';

/** `npm run new:app -- <name>`: adds an app wired like the others, and says what to do next. */
function main(argv: readonly string[]): void {
  const [name, ...rest] = argv;
  if (!name || rest.length || name.startsWith('-')) {
    process.stderr.write('Usage: npm run new:app -- <name>   (e.g. npm run new:app -- orders)\n');
    process.exit(2);
  }
  try {
    const written = addApp(repositoryRoot(), name);
    // Where `npm start` will put the gateway; a bad value is npm start's to report.
    const gatewayPort = /^\d+$/.test(process.env.GATEWAY_PORT ?? '') ? process.env.GATEWAY_PORT : DEFAULT_GATEWAY_PORT;
    process.stdout.write(
      [
        `Added the app ${name}:`,
        ...written.map((path) => `  ${path}`),
        '',
        'Next:',
        `  npx nest build ${name}                 # or npm run build`,
        `  npx jest -c test/jest.config.js apps/${name} test/${name}.e2e-spec.ts`,
        `  npm start                              # http://127.0.0.1:${gatewayPort}/${name}/greeting, /docs`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`new:app: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2));
