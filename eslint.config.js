// The checks `npm test` runs before the tests (decision 0031): what the compiler does not catch
// and the code must not do, and the boundaries the folders promise.
import tseslint from 'typescript-eslint';

const NODE_AND_SERVER = [
  { group: ['node:*'], message: 'Pure code: no Node modules (time, randomness and I/O come in as arguments).' },
  { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'ioredis', 'bullmq', 'socket.io'], message: 'Pure code: no framework, database or transport.' },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/console/vite.config.*', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits fails silently: await it, or say `void` where that is the intent.
      '@typescript-eslint/no-floating-promises': 'error',
      // A switch over a union handles every member, or says what the default does.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `unknown` and a check, not `any`; the few places TypeORM's column types need it say so.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/domain/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_AND_SERVER, { group: ['@fc/*', '!@fc/contracts'], message: 'libs/domain and libs/contracts depend on contracts only.' }] }],
    },
  },
  {
    files: ['apps/console/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_AND_SERVER, { group: ['@fc/*', '!@fc/contracts', '!@fc/domain'], message: 'The console imports contracts and domain only.' }] }],
    },
  },
);
