import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Case {
  file: string;
  code: string;
  /** A part of the one error the lint must raise; null: the import is allowed. */
  expect: string | null;
}

/**
 * The boundaries of libs/boundaries.json and eslint.config.js, on the snippets of
 * test/fixtures/boundaries/cases.json linted as if they were files of the repository (ESLint's own
 * API, in a child process: the config is plain Node ESM).
 */
function lint(cases: Case[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint();
    const out = [];
    for (const c of JSON.parse(process.argv[1])) {
      const [result] = await eslint.lintText(c.code, { filePath: c.file });
      out.push(result.messages.filter((m) => m.ruleId === 'duban/boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[][];
}

describe('library boundaries (npm run lint)', () => {
  const { cases } = JSON.parse(readFileSync('test/fixtures/boundaries/cases.json', 'utf8')) as { cases: Case[] };

  it('fails each forbidden import with its reason and passes the allowed ones', () => {
    expect(cases.filter((c) => c.expect).length).toBeGreaterThanOrEqual(7);
    const messages = lint(cases);
    cases.forEach((c, i) => {
      if (c.expect === null) expect({ file: c.file, messages: messages[i] }).toEqual({ file: c.file, messages: [] });
      else expect({ file: c.file, messages: messages[i] }).toEqual({ file: c.file, messages: [expect.stringContaining(c.expect)] });
    });
  }, 60000);
});
