import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** An attachment store for a test run: its environment, what it holds, and how to stop it. */
export interface TestAttachmentStore {
  kind: 'disk' | 's3';
  env: Record<string, string>;
  /** The keys of the objects stored (`<proposal id>/<attachment id>`). */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** A folder under the system's temporary directory, removed at the end. */
export async function diskStore(): Promise<TestAttachmentStore> {
  const dir = await mkdtemp(join(tmpdir(), 'duban-attachments-'));
  return {
    kind: 'disk',
    env: { DUBAN_ATTACHMENT_STORE: 'disk', DUBAN_ATTACHMENT_DIR: dir },
    async keys() {
      const found: string[] = [];
      for (const folder of await readdir(dir)) {
        for (const name of await readdir(join(dir, folder))) if (!name.startsWith('.')) found.push(`${folder}/${name}`);
      }
      return found.sort();
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** s3rver, an S3-compatible server, running in this process on a free port with one bucket. */
export async function s3Store(): Promise<TestAttachmentStore> {
  const { default: S3rver } = await import('s3rver');
  const dir = await mkdtemp(join(tmpdir(), 'duban-s3rver-'));
  const bucket = 'duban-attachments';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const address = await server.run();
  const port = Array.isArray(address) ? address[1] : address.port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    kind: 's3',
    env: {
      DUBAN_ATTACHMENT_STORE: 's3',
      DUBAN_S3_ENDPOINT: endpoint,
      DUBAN_S3_BUCKET: bucket,
      DUBAN_S3_REGION: 'us-east-1',
      DUBAN_S3_ACCESS_KEY_ID: 'S3RVER',
      DUBAN_S3_SECRET_ACCESS_KEY: 'S3RVER',
      DUBAN_S3_FORCE_PATH_STYLE: 'on',
    },
    async keys() {
      const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (out.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
