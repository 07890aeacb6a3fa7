import { SingleFlight } from './single-flight.js';

const later = () => new Promise<void>((r) => setTimeout(r, 5));

describe('SingleFlight', () => {
  it('runs the first request at once, alone', async () => {
    const calls: number[][] = [];
    const f = new SingleFlight<number>(async (keys) => void calls.push(keys));
    await f.submit([1, 2]);
    expect(calls).toEqual([[1, 2]]);
  });

  it('gathers what arrives while a call runs into the next call', async () => {
    const calls: number[][] = [];
    const f = new SingleFlight<number>(async (keys) => {
      calls.push(keys);
      await later();
    });
    await Promise.all([f.submit([1]), f.submit([2]), f.submit([3, 4])]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps a batch to maxKeys whole requests (a larger request still goes, alone)', async () => {
    const calls: number[][] = [];
    const f = new SingleFlight<number>(async (keys) => {
      calls.push(keys);
      await later();
    }, 3);
    await Promise.all([f.submit([1]), f.submit([2, 3]), f.submit([4, 5]), f.submit([6, 7, 8, 9])]);
    expect(calls).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9]]);
  });

  it('when a gathered batch fails, runs each request alone: only the one that cannot succeed fails', async () => {
    const calls: number[][] = [];
    const f = new SingleFlight<number>(async (keys) => {
      calls.push(keys);
      await later();
      if (keys.includes(3)) throw new Error('poisoned');
    });
    const results = await Promise.allSettled([f.submit([1]), f.submit([2]), f.submit([3]), f.submit([4])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('goes on after a failure: the next request runs', async () => {
    let fail = true;
    const f = new SingleFlight<number>(async () => {
      if (fail) throw new Error('down');
    });
    await expect(f.submit([1])).rejects.toThrow('down');
    fail = false;
    await expect(f.submit([2])).resolves.toBeUndefined();
  });
});
