// ESLint (flat config), run by `npm run lint` and so by `npm test`. Recommended rules for
// TypeScript and React hooks, plus the import boundaries of the layout (CONVENTIONS.md):
//   shared/  imports neither client/ nor server/, nor any platform or framework module;
//   client/  and server/ never import each other.
// That shared/ sees neither DOM nor Node types is checked by the compiler (tsconfig.shared.json).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** An import of `folder`, from anywhere in the tree (relative paths only: there are no aliases). */
const intoFolder = (folder) => `^(\\.{1,2}/)+(\\.\\./)*${folder}(/|$)`;

const PLATFORM_MODULES =
  '^(node:.*|fs|path|os|crypto|http|https|net|url|stream|child_process|worker_threads|react|react-dom(/.*)?|fastify|@fastify/.*|ws|pg|ioredis|better-sqlite3|y-websocket|y-indexeddb)$';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'data/', 'node_modules/', '**/*.js', '**/*.cjs', '**/*.mjs', '!eslint.config.js'] },
  // A disable comment that suppresses nothing (or names a rule not enabled here) is an error.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter kept for its position (fastify's `(request, _reply)`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: intoFolder('(client|server)'), message: 'shared/ is what client and server agree on: it imports neither.' },
            { regex: PLATFORM_MODULES, message: 'shared/ runs in the browser and in Node alike: no platform or framework modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: intoFolder('server'), message: 'The client talks to the server over HTTP and websockets only; share code through shared/.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: intoFolder('client'), message: 'The server does not import the client; share code through shared/.' }] },
      ],
    },
  },
);
