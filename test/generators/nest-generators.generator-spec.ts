import { expectSuccess, RepositoryCopy } from '../support/repository-copy';

const NEST = '@nestjs/cli/bin/nest.js';
const TSC = 'typescript/bin/tsc';
const ESLINT = 'eslint/bin/eslint.js';
const PRETTIER = 'prettier/bin/prettier.cjs';

// The Nest CLI's own generators, as the README tells a newcomer to use them, in a copy of the tree.
describe('Nest CLI generators leave a tree that builds and lints (in a copy of the repository)', () => {
  let copy: RepositoryCopy;

  beforeAll(async () => {
    copy = new RepositoryCopy();
    // `nest g library` asks for the alias prefix; Enter takes the default, @app.
    expectSuccess(await copy.runTool(NEST, ['g', 'library', 'billing'], 60_000, '\n'));
    expectSuccess(
      await copy.runTool(NEST, ['g', 'resource', 'orders', '--project', 'cart', '--type', 'rest', '--crud'], 60_000),
    );
    // An app importing the new library through its alias, as the README says to.
    copy.write(
      'apps/cart/src/billing.ts',
      "import { BillingModule } from '@app/billing';\n\nexport const billing = BillingModule;\n",
    );
  }, 150_000);

  afterAll(() => copy?.remove());

  it('nest g library keeps the path aliases working: the whole tree type-checks, @app/billing included', async () => {
    expect(JSON.parse(copy.read('tsconfig.json')).compilerOptions.paths['@app/billing']).toBeDefined();
    expectSuccess(await copy.runTool(TSC, ['-p', 'tsconfig.json', '--noEmit'], 120_000));
  }, 150_000);

  it('nest g resource writes code that passes npm run lint and format:check', async () => {
    expectSuccess(await copy.runTool(ESLINT, ['-c', '.eslint.config.mjs', 'apps/cart', 'libs/billing'], 90_000));
    expectSuccess(await copy.runTool(PRETTIER, ['--check', 'apps/cart/**/*.ts', 'libs/billing/**/*.ts'], 30_000));
  }, 120_000);
});
