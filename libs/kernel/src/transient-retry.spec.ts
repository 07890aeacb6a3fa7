import { isTransientDbError, retryTransient } from './transient-retry.js';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('retryTransient', () => {
  it.each([
    ['a deadlock loser (40P01)', pgError('40P01'), true],
    ['a serialization failure (40001)', pgError('40001'), true],
    ['the same inside a TypeORM QueryFailedError (driverError)', Object.assign(new Error('query failed'), { driverError: { code: '40P01' } }), true],
    ['a unique violation (23505)', pgError('23505'), false],
    ['an error without a code', new Error('socket closed'), false],
  ])('%s is transient: %s', (_name, error, transient) => {
    expect(isTransientDbError(error)).toBe(transient);
  });

  it('runs a deadlock loser again until it succeeds', async () => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw pgError('40P01');
      return 'marked';
    });
    expect([result, calls]).toEqual(['marked', 3]);
  });

  it('gives up after its attempts, and at once on any other error', async () => {
    let calls = 0;
    await expect(retryTransient(async () => { calls++; throw pgError('40P01'); }, 2)).rejects.toThrow('pg 40P01');
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryTransient(async () => { calls++; throw pgError('23505'); })).rejects.toThrow('pg 23505');
    expect(calls).toBe(1);
  });
});
