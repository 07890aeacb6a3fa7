import { Batcher } from './batcher.js';

describe('Batcher', () => {
  it('runs requests that arrive together as one batch, and answers each with its own result', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      return keys.map((k) => k * 10);
    }, { maxSize: 10, waitMs: 5 });
    expect(await Promise.all([b.load(1), b.load(2), b.load(3)])).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('runs a batch as soon as it is full, the rest in the next one', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      return keys;
    }, { maxSize: 2, waitMs: 50 });
    await Promise.all([b.load(1), b.load(2), b.load(3)]);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('fails only the request whose result is an Error', async () => {
    const b = new Batcher<number, string>(async (keys) => keys.map((k) => (k === 2 ? new Error('two') : `ok ${k}`)), { maxSize: 10, waitMs: 1 });
    const results = await Promise.allSettled([b.load(1), b.load(2), b.load(3)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['ok 1', 'two', 'ok 3']);
  });

  it('when a whole batch throws, runs each request alone: one poisoned request fails only itself', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (keys) => {
      batches.push(keys);
      if (keys.includes(2)) throw new Error('poisoned');
      return keys;
    }, { maxSize: 10, waitMs: 1 });
    const results = await Promise.allSettled([b.load(1), b.load(2), b.load(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('refuses a batch answered with the wrong number of results', async () => {
    const b = new Batcher<number, number>(async () => [], { maxSize: 10, waitMs: 1 });
    await expect(b.load(1)).rejects.toThrow(/batch of 1 answered 0 results/);
  });
});
