import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, ROUTE_TABLE } from '@app/stack';
import { expectSuccess, RepositoryCopy } from './support/repository-copy';

// Not `orders`: the deployment file tests use that name for an app that is not deployed.
const APP = 'invoices';

describe('npm run new:app, then remove:app (in a copy of the repository)', () => {
  const source = repositoryRoot();
  let copy: RepositoryCopy;
  const run = (command: string, args: string[], timeoutMs: number) => copy.run(command, args, timeoutMs);
  const read = (path: string): string => copy.read(path);

  beforeAll(() => {
    copy = new RepositoryCopy();
  });

  afterAll(() => copy?.remove());

  it('adds an app that builds, passes its own tests and accepts a session made by auth through the gateway', async () => {
    const generated = await run('npm', ['run', '--silent', 'new:app', '--', APP], 120_000);
    expectSuccess(generated);
    expect(generated.output).toContain(`apps/${APP}/src/main.ts`);

    // Wired where the others are.
    expect(read('libs/stack/src/route-table.ts')).toMatch(new RegExp(`route\\('${APP}'\\),?\\s*\\];`));
    expect(JSON.parse(read('nest-cli.json')).projects[APP]).toMatchObject({ type: 'application', root: `apps/${APP}` });
    expect(read('docker/stack.yml')).toContain(`  ${APP}:\n    <<: *app\n`);
    expect(read('docker/compose.yml')).toContain(`  ${APP}:\n    <<: *app\n`);
    expect(read(`apps/${APP}/src/${APP}.module.ts`)).toContain(`PlatformModule.forRoot({ name: '${APP}' })`);

    // Refused the second time, and nothing changed by the attempt.
    const again = await run('node', [`dist/apps/dev-stack/new-app.js`, APP], 20_000);
    expect(again.code).toBe(1);
    expect(again.output).toContain('cannot be added over what exists');

    // Both builds at once: the machine has two cores.
    const nest = join('node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
    const builds = await Promise.all([
      run('node', [nest, 'build', APP], 300_000),
      run('node', [nest, 'build', 'auth'], 300_000),
    ]);
    builds.forEach(expectSuccess);
    // Generated code passes the checks CI runs on the rest.
    const checks = await Promise.all([
      run('node', [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], 180_000),
      run(
        'node',
        [
          join('node_modules', 'eslint', 'bin', 'eslint.js'),
          '-c',
          '.eslint.config.mjs',
          `apps/${APP}`,
          `test/${APP}.e2e-spec.ts`,
        ],
        180_000,
      ),
      // format:check too: the route table's line grows with every app.
      run(
        'node',
        [
          join('node_modules', 'prettier', 'bin', 'prettier.cjs'),
          '--check',
          `apps/${APP}`,
          `test/${APP}.e2e-spec.ts`,
          'libs/stack/src/route-table.ts',
        ],
        180_000,
      ),
    ]);
    checks.forEach(expectSuccess);

    // Its unit and e2e specs, and the checks of the deployment files against the route table.
    const tests = await run(
      'node',
      [
        join('node_modules', 'jest', 'bin', 'jest.js'),
        '-c',
        'test/jest.config.js',
        `apps/${APP}/`,
        `test/${APP}.e2e-spec.ts`,
        'test/deployment-files.e2e-spec.ts',
        'test/docker-cli-config.e2e-spec.ts',
        'test/metrics-exposure.e2e-spec.ts',
      ],
      300_000,
    );
    expectSuccess(tests);
    expect(tests.output).toMatch(/Test Suites: 5 passed, 5 total/);
    expect(tests.output).toContain(`PASS e2e test/${APP}.e2e-spec.ts`);
    expect(tests.output).toContain(`PASS unit apps/${APP}/src/greetings/greetings.controller.spec.ts`);

    // A file of the team's stops remove:app, named, before anything is deleted (--force would go on).
    copy.write(`apps/${APP}/src/invoice.ts`, 'export const INVOICE = 1;\n');
    const refused = await run('node', ['dist/apps/dev-stack/remove-app.js', APP], 20_000);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`apps/${APP}/src/invoice.ts: not written by new:app`);
    expect(refused.output).not.toContain(`apps/${APP}/src/main.ts`);
    expect(read('nest-cli.json')).toContain(`"${APP}"`);
    rmSync(join(copy.path, 'apps', APP, 'src', 'invoice.ts'));

    // remove:app undoes it: the edited files are as they were, the app's files gone.
    expectSuccess(await run('node', ['dist/apps/dev-stack/remove-app.js', APP], 20_000));
    for (const file of [
      'libs/stack/src/route-table.ts',
      'nest-cli.json',
      'docker/stack.yml',
      'docker/compose.yml',
      'docker/stack.sentinel.yml',
    ]) {
      expect({ file, content: read(file) }).toEqual({ file, content: readFileSync(join(source, file), 'utf8') });
    }
    expect(existsSync(join(copy.path, 'apps', APP))).toBe(false);
    expect(existsSync(join(copy.path, 'test', `${APP}.e2e-spec.ts`))).toBe(false);
  }, 900_000);

  it('leaves the repository it was copied from alone', () => {
    expect(ROUTE_TABLE.map(({ app }) => app)).not.toContain(APP);
    expect(readFileSync(join(source, 'nest-cli.json'), 'utf8')).not.toContain(APP);
  });
});
