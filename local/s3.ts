/**
 * The embedded S3: s3rver, which keeps every object as files under a directory (it has no in-memory store, so a stack
 * without a data directory gets a temporary one, removed on close). The handlers reach it through the same S3 adapter
 * as on AWS; `functions/lib/adapters/s3-payment-files.ts` says why a payment file killed mid-write is never read.
 * A presigned link works here as there: s3rver takes SigV4 query-string authentication (it checks the access key and
 * the expiry, not the signature) and applies the response-content-* overrides a link carries.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const LOCAL_PAYMENT_FILES_BUCKET = 'jaring-payment-files';

/** s3rver's one account: it refuses any other access key id (and checks no SigV4 signature). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface LocalS3 {
  url: string;
  /**
   * Lets the pages of `origin` (the gateway's) follow a download link into `bucket` with fetch, as the bucket's CORS
   * rule does on AWS: GET only, the file name readable. Set through the S3 API once the gateway has its port, which
   * comes after this server's, so it cannot go in the buckets configured at start.
   */
  allowDownloadsFrom(bucket: string, origin: string): Promise<void>;
  close(): Promise<void>;
}

export async function startS3(opts: { directory?: string; buckets: readonly string[] }): Promise<LocalS3> {
  const directory = opts.directory ?? (await mkdtemp(join(tmpdir(), 'jaring-s3-')));
  await mkdir(directory, { recursive: true });
  // Buckets are created at every start; an existing one keeps its objects.
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: opts.buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async allowDownloadsFrom(bucket, origin) {
      const client = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
      try {
        await client.send(new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: [origin], ExposeHeaders: ['Content-Disposition'] }] },
        }));
      } finally {
        client.destroy();
      }
    },
    close: async () => {
      await server.close();
      if (!opts.directory) await rm(directory, { recursive: true, force: true });
    },
  };
}
