// ESLint flat config for the whole monorepo, run by `npm run lint` (eslint -c .eslint.config.mjs).
// A dotfile because the top level of the repository holds only the agreed files; point your
// editor at it (VS Code: "eslint.options": { "overrideConfigFile": ".eslint.config.mjs" }).
// Formatting is Prettier's (.prettierrc.json): eslint-config-prettier turns the style rules off.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', '.bench/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // Parameters are the signature's (a Nest hook's, a generated CRUD stub's DTO), not dead code;
      // unused variables and imports are. Leading underscore: a variable unused on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': [
        'error',
        // Nest modules, controllers and providers are imported by name everywhere else.
        { selector: 'ExportDefaultDeclaration', message: 'Use a named export.' },
        { selector: 'TSExportAssignment', message: 'Use a named export.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/libs/*/src/**'], message: 'Import a lib through its alias: @app/<lib>.' }] },
      ],
      eqeqeq: ['error', 'always'],
      // The errors rethrown here carry the cause's message in their own, which is what gets printed.
      'preserve-caught-error': 'off',
    },
  },
  {
    // Apps and libs use a lib's public API only; tests and benchmarks may reach its internals.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/libs/*/src/**'], message: 'Import a lib through its alias: @app/<lib>.' },
            { group: ['@app/*/*'], message: "Import a lib's public API from @app/<lib> (its index.ts)." },
          ],
          paths: [
            {
              name: 'class-validator',
              importNames: ['Length', 'MinLength', 'MaxLength'],
              message:
                "Use MinLength and MaxLength from @app/platform: they count characters as the OpenAPI document's minLength and maxLength do.",
            },
          ],
        },
      ],
    },
  },
  {
    // The CommonJS helpers that Node and Jest load as they are.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    // The web client's files, loaded by the browser as ES modules.
    files: ['apps/web/src/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        document: 'readonly',
        fetch: 'readonly',
        window: 'readonly',
        console: 'readonly',
        BroadcastChannel: 'readonly',
      },
    },
  },
  prettier,
);
