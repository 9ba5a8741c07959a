import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from './environment';

// The three lists of variables a user meets: what the apps read, README's tables, .env.example.
const root = join(__dirname, '..', '..', '..', '..');

function readmeVariables(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const body = section.slice(0, section.indexOf('\n## ', 1));
  return body
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map(([, name]) => name));
}

function exampleVariables(): string[] {
  const example = readFileSync(join(root, '.env.example'), 'utf8');
  return [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map(([, name]) => name);
}

describe('.env.example and README.md configuration', () => {
  it('README documents every variable an app reads', () => {
    const documented = new Set(readmeVariables());
    expect(Object.keys(new Environment()).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('.env.example lists exactly the variables of README, each once', () => {
    const example = exampleVariables();
    expect([...example].sort()).toEqual([...new Set(readmeVariables())].sort());
  });
});
