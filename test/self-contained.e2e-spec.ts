import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project stands on its own: a fresh clone with nothing beside it must pass its tests, so no
 * code, test, script or config file may name a path outside the repository — neither by name
 * (`/work/…`, a home directory, the clone's own absolute path) nor by climbing out of it with `..`
 * (`'../sibling/…'`, `new URL('../../x', …)`, `resolve(here, '..', '..')`), whatever the folder beside it is called.
 */
describe('the repository reads nothing outside itself', () => {
  const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[/\\]$/, '');
  const self = 'test/self-contained.e2e-spec.ts';
  const folders = ['apps', 'libs', 'test', 'scripts', 'bench', 'config', '.ci'];
  const topFiles = ['package.json', 'jest.config.js', 'eslint.config.js', 'nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'Dockerfile', 'docker-compose.yml'];
  /** The repository's files (git's list; without git, a walk that skips what git ignores here). */
  const listed = (): string[] => {
    try {
      return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', ...folders, ...topFiles], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
    } catch {
      const walked = folders.flatMap((d) =>
        existsSync(join(root, d)) ? readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => `${d}/${f.split(sep).join('/')}`) : [],
      );
      return [...walked.filter((f) => !/(^|\/)(node_modules|dist|results|var)\//.test(f)), ...topFiles];
    }
  };
  const files = listed()
    .filter((f) => /\.(ts|mts|mjs|js|cjs|json|sh|yml|yaml)$|^\.ci\/|Dockerfile$/.test(f) && !f.startsWith('test/fixtures/') && f !== self)
    .filter((f) => {
      try {
        readFileSync(join(root, f));
        return true;
      } catch {
        return false; // deleted in the work tree, not yet in the index
      }
    });
  const text = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));

  const inside = (path: string): boolean => {
    const rel = relative(root, path);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  };

  // Paths inside the image (Dockerfile, compose) are the container's, not this machine's.
  const container = (f: string): boolean => f === 'Dockerfile' || f === 'docker-compose.yml';
  const byName: Array<[string, RegExp, (f: string) => boolean]> = [
    // Workspace and home directories: a developer's machine, not the clone.
    ['an absolute workspace or home path', /(^|[\s'"`=(:,])(\/(work|workspace|home|Users|root|mnt|media|srv|opt)\/|~\/)/m, (f) => !container(f)],
    ['this clone\'s own absolute path', new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), () => true],
  ];
  it.each(byName)('no file names %s', (_what, re, applies) => {
    expect(files.filter((f) => applies(f) && re.test(text.get(f)!))).toEqual([]);
  });

  /**
   * Every run of string literals that starts with `.` or `..` (`'../x'`, `new URL('../../y', …)`,
   * `resolve(here, '..', '..')`), joined and resolved against the file's folder — and against the
   * repository root when the line starts from `process.cwd()` — must stay inside the repository.
   */
  function escapes(file: string, source: string): string[] {
    const found: string[] = [];
    const base = dirname(join(root, file));
    source.split('\n').forEach((line, i) => {
      const literals = [...line.matchAll(/(['"`])((?:(?!\1)[^\\\n])*)\1/g)];
      const runs: Array<typeof literals> = [];
      for (const m of literals) {
        const last = runs.at(-1)?.at(-1);
        const between = last ? line.slice(last.index + last[0].length, m.index) : undefined;
        if (last && between !== undefined && /^\s*,\s*$/.test(between)) runs.at(-1)!.push(m);
        else runs.push([m]);
      }
      for (const run of runs) {
        const parts = run.map((m) => m[2]);
        if (!/^\.\.?(\/|$)/.test(parts[0]) || parts.some((p) => p.includes('${'))) continue;
        const path = join(...parts);
        const bases = line.includes('process.cwd()') ? [base, root] : [base];
        for (const from of bases) {
          if (!inside(resolve(from, path))) found.push(`${file}:${i + 1}: ${parts.map((p) => `'${p}'`).join(', ')}`);
        }
      }
    });
    return found;
  }

  it('no file climbs out of the repository with ..', () => {
    expect(files.flatMap((f) => escapes(f, text.get(f)!))).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(escapes('apps/standalone/src/demo/x.spec.ts', "resolve(process.cwd(), '../sibling/seeds/000.txt')")).toHaveLength(1);
    expect(escapes('test/x.e2e-spec.ts', "new URL('../../sibling/seeds/000.txt', import.meta.url)")).toHaveLength(1);
    expect(escapes('bench/lib/x.mjs', "resolve(here, '..', '..', '..')")).toHaveLength(1);
    expect(escapes('bench/lib/x.mjs', "resolve(here, '..', '..')")).toEqual([]);
    expect(escapes('test/x.e2e-spec.ts', "new URL('./fixtures/no196/no196-seed.txt', import.meta.url)")).toEqual([]);
    expect(byName.filter(([, re]) => re.test("readFileSync('/work/elsewhere/DESIGN.md')")).length).toBeGreaterThan(0);
    expect(byName.filter(([, re]) => re.test("const mail = '/api/v1/auth/login'; const c = '/usr/bin/chromium';"))).toEqual([]);
  });

  it('checks a real list of files', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toEqual(expect.arrayContaining(['scripts/demo.mjs', 'bench/lib/common.mjs', 'apps/standalone/src/demo/demo-data.spec.ts', '.ci/run']));
  });
});
