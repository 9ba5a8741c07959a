// The first library project, written on one line as nest-cli.json keeps them.
const FIRST_LIBRARY = /^ {4}"[\w-]+": \{ "type": "library"/m;

/**
 * `nest-cli.json` with an application project for `name` after the other applications, the rest
 * of the file as it was (or, laid out otherwise, the whole file rewritten). Throws when the
 * project exists.
 */
export function withNestCliProject(source: string, name: string): string {
  const config = JSON.parse(source) as { projects?: Record<string, unknown> };
  if (config.projects?.[name]) throw new Error(`nest-cli.json already has a project "${name}"`);
  const project = {
    type: 'application',
    root: `apps/${name}`,
    entryFile: 'main',
    sourceRoot: `apps/${name}/src`,
    compilerOptions: { tsConfigPath: `apps/${name}/tsconfig.app.json` },
  };
  const library = FIRST_LIBRARY.exec(source);
  if (!library) return `${JSON.stringify({ ...config, projects: { ...config.projects, [name]: project } }, null, 2)}\n`;
  const { compilerOptions, ...fields } = project;
  const block = [
    `    "${name}": {`,
    ...Object.entries(fields).map(([key, value]) => `      "${key}": ${JSON.stringify(value)},`),
    `      "compilerOptions": { "tsConfigPath": ${JSON.stringify(compilerOptions.tsConfigPath)} }`,
    '    },',
    '',
  ].join('\n');
  return source.slice(0, library.index) + block + source.slice(library.index);
}

/** `nest-cli.json` without the application project `name`, the rest as it was. Throws when it has none. */
export function withoutNestCliProject(source: string, name: string): string {
  const config = JSON.parse(source) as { projects?: Record<string, { type?: string }> };
  if (config.projects?.[name]?.type !== 'application') throw new Error(`nest-cli.json has no application "${name}"`);
  // The block withNestCliProject writes: from its name to the closing brace at its indent.
  const block = new RegExp(`^ {4}"${name}": \\{\\n(?: {6}.*\\n)*? {4}\\},\\n`, 'm');
  if (block.test(source)) return source.replace(block, '');
  const { [name]: _removed, ...projects } = config.projects;
  return `${JSON.stringify({ ...config, projects }, null, 2)}\n`;
}
