import { repositoryRoot } from '@app/stack';
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
    process.stdout.write(
      [
        `Added the app ${name}:`,
        ...written.map((path) => `  ${path}`),
        '',
        'Next:',
        `  npx nest build ${name}                 # or npm run build`,
        `  npx jest -c test/jest.config.js apps/${name} test/${name}.e2e-spec.ts`,
        `  npm start                              # http://127.0.0.1:8080/${name}/greeting, /docs`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`new:app: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2));
