import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AttachmentStoreSettings } from '#common';

/**
 * Where the bytes of attachments live, behind one interface: the local file system by default
 * (nothing to install), any S3-compatible store (MinIO, 阿里云 OSS, 腾讯云 COS, AWS) by
 * configuration. Keys are Duban's own (`<proposal id>/<uuid>`), never a user's file name.
 */
export interface AttachmentStorage {
  readonly kind: 'disk' | 's3';
  put(key: string, data: Buffer, mediaType: string): Promise<void>;
  /** The stored bytes; null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the object; nothing happens when it is not there. */
  delete(key: string): Promise<void>;
}

/** A key as Duban makes them: lowercase hex and dashes in two segments. */
const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not an attachment key: ${JSON.stringify(key)}`);
  return key;
}

/** The file system (DUBAN_ATTACHMENT_DIR, default var/attachments): one file per object, written whole or not at all. */
export class DiskAttachmentStorage implements AttachmentStorage {
  readonly kind = 'disk' as const;
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  private path(key: string): string {
    const path = resolve(this.root, ...checkKey(key).split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`attachment key outside the store: ${key}`);
    return path;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Written beside and renamed: a reader never sees half a file, a crash leaves only a .part file.
    const part = join(dirname(path), `.${randomUUID()}.part`);
    await writeFile(part, data, { flag: 'wx' });
    await rename(part, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** An S3-compatible bucket (DUBAN_S3_*), through @aws-sdk/client-s3. The bucket must exist. */
export class S3AttachmentStorage implements AttachmentStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(
    private readonly settings: Extract<AttachmentStoreSettings, { kind: 's3' }>,
  ) {
    this.client = new S3Client({
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
    });
  }

  async put(key: string, data: Buffer, mediaType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key), Body: data, ContentType: mediaType, ContentLength: data.length }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }));
  }
}

export function createAttachmentStorage(settings: AttachmentStoreSettings): AttachmentStorage {
  return settings.kind === 'disk' ? new DiskAttachmentStorage(settings.dir) : new S3AttachmentStorage(settings);
}
