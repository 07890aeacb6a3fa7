import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const APPS = ['api', 'intake-worker', 'assignment-worker', 'deadline-worker', 'notification-worker'] as const;
export type AppName = (typeof APPS)[number];

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** A Redis server of the run's own, so that FLUSHALL wipes nobody else's keys. */
export async function startRedis(): Promise<{ url: string; flushAll(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  for (let i = 0; i < 50; i++) {
    try {
      await client.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    flushAll: async () => void (await client.flushall()),
    stop: async () => {
      client.disconnect();
      child.kill('SIGKILL');
    },
  };
}

interface Instance {
  app: AppName;
  copy: number;
  child: ChildProcess;
}

/** The apps as separate processes, from dist/ (npm run build), that a run can kill and restart. */
export class Cluster {
  readonly instances: Instance[] = [];
  readonly log: string[] = [];
  private readonly kills = new Map<AppName, number>();

  constructor(
    private readonly env: Record<string, string>,
    private readonly copies: Record<AppName, number>,
  ) {
    for (const app of APPS) {
      if (!existsSync(entry(app))) throw new Error(`${entry(app)} is missing: run npm run build first`);
    }
  }

  start(): void {
    for (const app of APPS) for (let copy = 0; copy < this.copies[app]; copy++) this.spawn(app, copy);
  }

  private spawn(app: AppName, copy: number): void {
    const child = spawn(process.execPath, [entry(app)], {
      env: { ...process.env, ...this.env, PORT: app === 'api' ? this.env.PORT! : '0', DUBAN_PROCESS_NAME: `${app}-${copy}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(`[${app}-${copy}] ${chunk.toString().slice(0, 500)}`));
    const existing = this.instances.findIndex((i) => i.app === app && i.copy === copy);
    if (existing >= 0) this.instances[existing] = { app, copy, child };
    else this.instances.push({ app, copy, child });
  }

  /** kill -9, then a fresh process in its place after `downMs`. */
  async killAndRestart(app: AppName, copy = 0, downMs = 500): Promise<void> {
    const instance = this.instances.find((i) => i.app === app && i.copy === copy);
    instance?.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    this.spawn(app, copy);
  }

  /** A random worker among the kinds killed least so far: a long run kills every kind of worker. */
  randomWorker(): { app: AppName; copy: number } {
    const workers = this.instances.filter((i) => i.app !== 'api');
    const fewest = Math.min(...workers.map((w) => this.kills.get(w.app) ?? 0));
    const candidates = workers.filter((w) => (this.kills.get(w.app) ?? 0) === fewest);
    const pick = candidates[Math.floor(Math.random() * candidates.length)]!;
    this.kills.set(pick.app, fewest + 1);
    return { app: pick.app, copy: pick.copy };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.instances.map(
        (i) =>
          new Promise<void>((resolve) => {
            if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
            i.child.once('exit', () => resolve());
            i.child.kill('SIGTERM');
            setTimeout(() => i.child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
}

const entry = (app: AppName) => `dist/apps/${app}/src/main.js`;
