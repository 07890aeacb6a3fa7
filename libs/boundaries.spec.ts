import { execFileSync } from 'node:child_process';

/**
 * The boundaries of libs/boundaries.json and eslint.config.js, on snippets linted as if they were
 * files of the repository (ESLint's own API, in a child process: the config is plain Node ESM).
 */
function lint(cases: Array<{ file: string; code: string }>): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint();
    const cases = JSON.parse(process.argv[1]);
    const out = [];
    for (const c of cases) {
      const [result] = await eslint.lintText(c.code, { filePath: c.file });
      out.push(result.messages.filter((m) => m.ruleId === 'duban/boundaries' || m.ruleId === 'no-restricted-imports').map((m) => m.message));
    }
    console.log(JSON.stringify(out));`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(cases)], { encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop()!) as string[][];
}

describe('library boundaries (npm run lint)', () => {
  const cases = [
    { file: 'libs/domain/src/x.ts', code: "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n" },
    { file: 'libs/domain/src/x.ts', code: "import { DataSource } from 'typeorm';\nexport type X = DataSource;\n" },
    { file: 'libs/domain/src/x.ts', code: "import { ProposalRow } from '#persistence';\nexport type X = ProposalRow;\n" },
    { file: 'libs/persistence/src/x.ts', code: "import { AppContext } from '#application';\nexport type X = AppContext;\n" },
    { file: 'libs/persistence/src/x.ts', code: "import { ApiModule } from '../../../apps/api/src/api.module.js';\nexport const x = ApiModule;\n" },
    { file: 'libs/mail/src/x.ts', code: "import { sessionRows } from '../../persistence/src/index.js';\nexport const x = sessionRows;\n" },
    { file: 'apps/api/src/ui/controllers/new-pages.controller.ts', code: "import { DataSource } from 'typeorm';\nexport type X = DataSource;\n" },
    // Allowed: the domain's own relative imports, a lib's allowed #import, an app importing any library.
    { file: 'libs/domain/src/x.ts', code: "import { y } from './y.js';\nexport const x = y;\n" },
    { file: 'libs/persistence/src/x.ts', code: "import { isIsoDate } from '#domain';\nexport const x = isIsoDate;\n" },
    { file: 'apps/api/src/x.ts', code: "import { DataSource } from 'typeorm';\nimport { isIsoDate } from '#domain';\nexport const x = [DataSource, isIsoDate];\n" },
  ];

  it('fails a forbidden import and passes an allowed one', () => {
    const messages = lint(cases);
    expect(messages.slice(0, 7).map((m) => m.length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(messages[0][0]).toMatch(/pure: no framework/);
    expect(messages[2][0]).toMatch(/libs\/domain may not import #persistence \(allowed: none/);
    expect(messages[3][0]).toMatch(/libs\/persistence may not import #application/);
    expect(messages[4][0]).toMatch(/nothing imports an app/);
    expect(messages[5][0]).toMatch(/reaches into libs\/persistence by a relative path: import #persistence/);
    expect(messages[6][0]).toMatch(/UI code calls queries and use cases/);
    expect(messages.slice(7)).toEqual([[], [], []]);
  }, 60000);
});
