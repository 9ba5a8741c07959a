import { repositoryRoot } from '@app/stack';
import { removeApp } from './remove-app';

/** `npm run remove:app -- <name>`: undoes `npm run new:app -- <name>`. */
function main(argv: readonly string[]): void {
  const force = argv.includes('--force');
  const [name, ...rest] = argv.filter((arg) => arg !== '--force');
  if (!name || rest.length || name.startsWith('-')) {
    process.stderr.write('Usage: npm run remove:app -- <name> [--force]   (e.g. npm run remove:app -- orders)\n');
    process.exit(2);
  }
  try {
    const changed = removeApp(repositoryRoot(), name, { force });
    process.stdout.write([`Removed the app ${name}:`, ...changed.map((path) => `  ${path}`), ''].join('\n'));
  } catch (error) {
    process.stderr.write(`remove:app: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

main(process.argv.slice(2));
