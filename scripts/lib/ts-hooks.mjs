// Node module hooks that let a plain .mjs script import the TypeScript sources (no build): .ts is
// compiled by swc (as jest does), `./x.js` resolves to `./x.ts`, `#domain` to libs/domain/src.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolvePath, dirname } from 'node:path';
import swc from '@swc/core';

const ROOT = resolvePath(dirname(fileURLToPath(import.meta.url)), '../..');

export async function resolve(specifier, context, next) {
  const alias = /^#(domain|application|persistence|queue|common|mail)$/.exec(specifier);
  if (alias) return { url: pathToFileURL(`${ROOT}/libs/${alias[1]}/src/index.ts`).href, shortCircuit: true };
  if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') && specifier.startsWith('.')) {
    const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const { code } = swc.transformSync(source, {
    filename: fileURLToPath(url),
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true }, target: 'es2023' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
