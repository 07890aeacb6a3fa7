// ESLint flat config: @eslint/js and typescript-eslint recommended rules, without type information
// (fast: no TypeScript program is built). `npm run lint` runs `eslint .`.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Boundaries between the libraries (libs/boundaries.json): a library imports another only through
// its `#name`, and only one it is allowed to; no library reaches into apps/. Checked by a local rule
// that resolves relative imports against the file, so a relative path into another library is caught too.
const ROOT = dirname(fileURLToPath(import.meta.url));
const { libs: MAY_IMPORT } = JSON.parse(readFileSync(resolve(ROOT, 'libs/boundaries.json'), 'utf8'));
const placeOf = (file) => {
  const parts = relative(ROOT, file).split(sep);
  return (parts[0] === 'libs' || parts[0] === 'apps') && parts.length > 2 ? `${parts[0]}/${parts[1]}` : null;
};
const boundaries = {
  meta: { type: 'problem', schema: [], docs: { description: 'imports between libraries follow libs/boundaries.json' } },
  create(context) {
    const file = context.filename;
    const here = placeOf(file);
    if (!here) return {};
    const lib = here.startsWith('libs/') ? here.slice('libs/'.length) : null;
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string') return;
      if (spec.startsWith('#')) {
        const target = spec.slice(1);
        if (!lib) return;
        if (target === lib) context.report({ node, message: `libs/${lib} imports itself through ${spec}: use a relative import` });
        else if (!(MAY_IMPORT[lib] ?? []).includes(target)) {
          context.report({ node, message: `libs/${lib} may not import ${spec} (allowed: ${(MAY_IMPORT[lib] ?? []).map((l) => `#${l}`).join(', ') || 'none'}; libs/boundaries.json)` });
        }
      } else if (spec.startsWith('.')) {
        const target = placeOf(resolve(dirname(file), spec));
        if (!target || target === here) return;
        if (target.startsWith('apps/') && lib) context.report({ node, message: `libs/${lib} may not import from ${target}: nothing imports an app` });
        else if (target.startsWith('libs/')) context.report({ node, message: `${here} reaches into ${target} by a relative path: import #${target.slice(5)}` });
      }
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};

/** Frameworks and drivers the pure libraries (the domain, the event contracts) never import. */
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'typeorm/*', 'bullmq', 'ioredis', 'pg', 'nodemailer', 'express', 'prom-client'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'var/', 'bench/results/']),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'warn' },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest DI: `constructor(private readonly repo: Repo) {}` is the whole point of the class.
      'no-useless-constructor': 'off',
      '@typescript-eslint/no-useless-constructor': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Nest modules are empty classes carrying a decorator.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    plugins: { duban: { rules: { boundaries } } },
    rules: { 'duban/boundaries': 'error' },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORKS, message: 'the domain and the contracts are pure: no framework, database or queue' }] }],
    },
  },
  {
    // The UI calls read models and use cases only (docs/architecture.md, "Read models"): no SQL, no entities.
    files: ['apps/api/src/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'UI code reads through the read models of the contexts (#handling: libs/handling/src/queries), never the database.' },
            { name: '#persistence', message: 'UI code reads through the read models of the contexts, never the entities.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Plain JavaScript: this file, jest.config.js, scripts/*.mjs.
    files: ['**/*.{js,mjs,cjs}'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
