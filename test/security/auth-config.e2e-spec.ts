import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DubanConfig, DubanConfigError, PUBLIC_SECRETS } from '#common';

/**
 * Issue 11, item 4 (configuration): production refuses every signing secret that is written in the
 * repository — the compose file's former default was accepted, so anyone who had read the repository
 * could sign an admin session — and secrets that are short or predictable. docker-compose.yml ships
 * no usable default.
 */
const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** The files an operator copies values from. */
function documentation(): Array<{ path: string; text: string }> {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const bench = ['bench/lib/common.mjs', 'bench/suites/pipeline.mjs'];
  return ['docker-compose.yml', '.env.example', 'README.md', 'Dockerfile', ...docs, ...bench].map((path) => ({ path, text: read(path) }));
}

/** Every value given to a *_SECRET variable in a file: `KEY=value`, `KEY: value`, `${KEY:-value}`, `KEY: 'value'`. */
function secretValues(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:DUBAN_[A-Z_]*SECRET)\s*(?:=|:)\s*["'`]?([^\s"'`,}]+)/g,
    /\$\{DUBAN_[A-Z_]*SECRET:?-([^}]+)\}/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1]);
  return found.filter((v) => v.length >= 8 && !v.startsWith('$') && !v.startsWith('<'));
}

const RANDOM = 'q3V9kL0xTz7Rw2mB8nYc4HsJ6dGf1aPe5UiOvXbN0tQrKlWm';
const RANDOM_2 = 'Zp8Qe2Rt6Yu0Io4Pa9Sd3Fg7Hj1Kl5Zx8Cv2Bn6Mq0Wr4Ty7';
const production = (env: Record<string, string>) => () =>
  DubanConfig.fromEnv({ NODE_ENV: 'production', DUBAN_JWT_SECRET: RANDOM, DUBAN_FEEDBACK_LINK_SECRET: RANDOM_2, ...env });

describe('security: signing secrets in production', () => {
  it('refuses each placeholder the repository has shipped, for either key', () => {
    const shipped = [
      'compose-placeholder-secret-CHANGE-ME-0123456789', // docker-compose.yml's former default
      'duban-development-jwt-secret-do-not-use-in-production', // the dev default
      'bench-secret-bench-secret-bench-secret-0123', // the benchmarks' former fixed secret
    ];
    for (const secret of [...new Set([...shipped, ...PUBLIC_SECRETS])]) {
      expect(production({ DUBAN_JWT_SECRET: secret })).toThrow(DubanConfigError);
      expect(production({ DUBAN_FEEDBACK_LINK_SECRET: secret })).toThrow(DubanConfigError);
    }
  });

  it('refuses any secret value written in docker-compose.yml, .env.example, README, docs or bench', () => {
    for (const { path, text } of documentation()) {
      for (const value of secretValues(text)) {
        expect({ path, value, accepted: (() => { try { production({ DUBAN_JWT_SECRET: value })(); return true; } catch { return false; } })() })
          .toEqual({ path, value, accepted: false });
      }
    }
  });

  it('refuses a short or predictable secret, and one feedback key equal to the session key', () => {
    for (const weak of ['short-secret', 'a'.repeat(64), '0123456789012345678901234567890123456789', 'Tr0ub4dor&3-Tr0ub4dor&3-Tr0ub4dor&3']) {
      expect(production({ DUBAN_JWT_SECRET: weak })).toThrow(/DUBAN_JWT_SECRET/);
    }
    expect(production({ DUBAN_FEEDBACK_LINK_SECRET: RANDOM })).toThrow(/DUBAN_FEEDBACK_LINK_SECRET must differ/);
    expect(production({})().jwtSecret).toBe(RANDOM);
  });

  it('docker-compose.yml gives no secret a default', () => {
    const compose = read('docker-compose.yml');
    for (const key of ['DUBAN_JWT_SECRET', 'DUBAN_FEEDBACK_LINK_SECRET']) {
      const line = compose.split('\n').find((l) => l.trim().startsWith(`${key}:`));
      expect(line?.trim()).toMatch(new RegExp(`^${key}: \\$\\{${key}(:-|:\\?[^}]*)?\\}$`));
    }
    // With an empty value, production refuses to start and names both variables.
    expect(() => DubanConfig.fromEnv({ NODE_ENV: 'production', DUBAN_JWT_SECRET: '', DUBAN_FEEDBACK_LINK_SECRET: '' }))
      .toThrow(/DUBAN_JWT_SECRET[\s\S]*DUBAN_FEEDBACK_LINK_SECRET/);
  });
});
