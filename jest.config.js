import { readFileSync } from 'node:fs';

// Jest runs the TypeScript sources as native ESM (NestJS 12 is ESM-only), transformed by swc.
// Run it through `npm test`, which adds --experimental-vm-modules.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2023',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

// `#domain`, `#kernel`… resolve to their sources: the "source" condition of package.json `imports`
// (the built apps run from dist/, the "default" condition).
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const sources = Object.fromEntries(
  Object.entries(pkg.imports).map(([name, target]) => [`^${name}$`, `<rootDir>/${target.source.replace(/^\.\//, '')}`]),
);

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    ...sources,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
};

export default {
  // Booting Duban with its workers on a fresh database takes a few seconds (a project-level testTimeout is ignored).
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // `npm run chaos`: the long fault-injection run (not part of npm test, which runs the small one).
    { ...common, displayName: 'chaos', testMatch: ['<rootDir>/test/chaos/*.chaos-spec.ts'] },
  ],
};
