// Lint: typescript-eslint's recommended rules, Prettier for layout (eslint-config-prettier
// turns off the rules it owns), and the layering of docs/architecture.md as import rules.
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

/** Capabilities are called by the HTTP routes and the CLI, never the other way round. */
const shellImports = {
  patterns: [
    { group: ['**/http/**', '../http/*', '../../http/*'], message: 'A capability never imports the HTTP layer: the routes call the capability.' },
    { group: ['**/cli/**', '../cli/*', '../../cli/*'], message: 'A capability never imports the CLI: the commands call the capability.' },
  ],
};

/** The capabilities, each with one facade (its index.ts) that the HTTP routes, the CLI and the server call. */
const CAPABILITIES = ['analyzer', 'audit', 'bundle', 'calendar', 'cases', 'catalogue', 'engine', 'enterprise', 'mining', 'org', 'projects', 'rating', 'window'];
const facadeImports = {
  patterns: [
    {
      group: CAPABILITIES.flatMap((c) => [`**/${c}/**`, `!**/${c}/index.js`]),
      message: 'The shell calls a capability through its index.ts, its one facade, never the modules below it.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['lib/**', 'build/**', 'web/dist/**', 'node_modules/**', 'bench/out/**', 'src/**/wasm/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/http/**', 'src/cli/**', 'src/server/**', 'src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', shellImports] },
  },
  {
    files: ['src/http/**/*.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', facadeImports] },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/store/**', '**/src/http/**', '**/src/cli/**', '**/src/server/**'],
              message: 'The web app imports the server’s types and pure rules, never its database, HTTP or CLI modules.',
            },
          ],
        },
      ],
    },
  },
);
