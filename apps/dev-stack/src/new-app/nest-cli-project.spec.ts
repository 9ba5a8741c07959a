import { withNestCliProject } from './nest-cli-project';

const NEST_CLI = `{
  "monorepo": true,
  "projects": {
    "auth": {
      "type": "application",
      "root": "apps/auth"
    },
    "platform": { "type": "library", "root": "libs/platform" }
  }
}
`;

describe('withNestCliProject', () => {
  it('adds the project after the applications, leaving the rest of the file as it was', () => {
    const updated = withNestCliProject(NEST_CLI, 'orders');
    expect(JSON.parse(updated).projects.orders).toEqual({
      type: 'application',
      root: 'apps/orders',
      entryFile: 'main',
      sourceRoot: 'apps/orders/src',
      compilerOptions: { tsConfigPath: 'apps/orders/tsconfig.app.json' },
    });
    expect(Object.keys(JSON.parse(updated).projects)).toEqual(['auth', 'orders', 'platform']);
    expect(updated.replace(/ {4}"orders": \{[\s\S]*?\n {4}\},\n/, '')).toBe(NEST_CLI);
  });

  it('refuses a project that exists', () => {
    expect(() => withNestCliProject(NEST_CLI, 'auth')).toThrow(/already has a project "auth"/);
  });
});
