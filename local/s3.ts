/**
 * The embedded S3: s3rver, which keeps every object as files under a directory (it has no in-memory store, so a stack
 * without a data directory gets a temporary one, removed on close). The handlers reach it through the same S3 adapter
 * as on AWS; `functions/lib/adapters/s3-payment-files.ts` says why a payment file killed mid-write is never read.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export const LOCAL_PAYMENT_FILES_BUCKET = 'jaring-payment-files';

/** s3rver's one account: it refuses any other access key id (and checks no SigV4 signature). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalS3 {
  url: string;
  close(): Promise<void>;
}

export async function startS3(opts: { directory?: string; buckets: readonly string[] }): Promise<LocalS3> {
  const directory = opts.directory ?? (await mkdtemp(join(tmpdir(), 'jaring-s3-')));
  await mkdir(directory, { recursive: true });
  // Buckets are created at every start; an existing one keeps its objects.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: opts.buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      if (!opts.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
