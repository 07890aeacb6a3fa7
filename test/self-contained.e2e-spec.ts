import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The project stands on its own: a fresh clone with nothing beside it must pass its tests, so no
 * code, test, script or config file may name a path outside the repository.
 */
describe('the repository reads nothing outside itself', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'apps', 'libs', 'test', 'scripts', 'bench', 'config', '.ci', 'package.json', 'jest.config.js', 'Dockerfile', 'docker-compose.yml'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|mjs|js|cjs|json|sh|yml)$|^\.ci\/|Dockerfile$/.test(f) && !f.startsWith('test/fixtures/'));

  const outside = [/\.\.\/shared\//, /shared\/seeds/, /(^|[^.\w])\/work\//];
  it.each(outside.map((re) => [re.source, re]))('no file matches %s', (_name, re) => {
    const offenders = files.filter((f) => f !== 'test/self-contained.e2e-spec.ts' && re.test(readFileSync(`${root}/${f}`, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('checks a real list of files', () => {
    expect(files.length).toBeGreaterThan(100);
  });
});
