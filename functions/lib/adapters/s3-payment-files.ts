/**
 * Payment files in S3 (s3rver locally, through the same calls). Each write streams its bytes to an object of its own,
 * `payment-files/<batchId>/<writeId>/<name>`, and only then writes the file's entry, `payment-files/<batchId>/<name>.json`
 * (`{object, size, sha256}`): the entry is the commit point, and nothing is read except through one.
 *
 * Why not simply the object at its name: s3rver writes an object straight into its final file, so a process killed
 * during a PutObject (or while s3rver joins the parts of a multipart upload) leaves a shorter object that it then serves
 * as if whole. With the entry written last, a write cut short leaves at most an object no entry names (never read), and
 * the key keeps its previous entry; an entry torn the same way no longer parses and counts as no file. On AWS S3
 * objects appear whole or not at all; the entry costs one small request there and keeps both runtimes on one path.
 * Reads check the size up front and the SHA-256 at the end of the stream, so damaged bytes end in an error, not a file.
 * A link is a presigned GET of the entry's object: the bytes go from S3 to the browser, never through a Lambda.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PaymentFileDownload, PaymentFileKey, PaymentFileStore, StoredPaymentFile } from '../../../shared/ports/index.ts';

const PREFIX = 'payment-files';
/** One path segment each: no `/`, no `..`, nothing S3 or a file system would read differently. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/**
 * A link is followed at once by the browser that asked for it; five minutes is ample for that, and a link kept in a
 * browser's history or a proxy's log soon opens nothing. It is signed with the function's session credentials, so it
 * also ends with them.
 */
const LINK_SECONDS = 5 * 60;

interface Entry extends StoredPaymentFile {
  object: string;
}

function folderOf(key: PaymentFileKey): string {
  for (const part of [key.batchId, key.name]) {
    if (!SEGMENT.test(part)) throw new Error(`Not a payment file key part: ${JSON.stringify(part)}`);
  }
  return `${PREFIX}/${key.batchId}`;
}

const entryKey = (key: PaymentFileKey) => `${folderOf(key)}/${key.name}.json`;

const isMissing = (error: unknown) => error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

/** The entry as stored, or undefined when it is missing or not a whole entry of this key (a torn local write). */
function parseEntry(text: string, key: PaymentFileKey): Entry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { object, size, sha256 } = value as Record<string, unknown>;
  const ours = typeof object === 'string' && object.startsWith(`${folderOf(key)}/`) && object.endsWith(`/${key.name}`);
  if (!ours || !Number.isSafeInteger(size) || (size as number) < 0 || typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) {
    return undefined;
  }
  return { object, size: size as number, sha256 };
}

/** Passes the bytes on and fails at their end unless they are exactly the stored file. */
async function* verified(body: AsyncIterable<Uint8Array>, entry: Entry): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.byteLength;
    yield chunk;
  }
  if (size !== entry.size || hash.digest('hex') !== entry.sha256) {
    throw new Error(`Payment file ${entry.object} does not match its entry (${size} bytes read, ${entry.size} stored)`);
  }
}

export class S3PaymentFileStore implements PaymentFileStore {
  /** Both read on first use: handlers without payment files build no S3 client and need no bucket setting. */
  constructor(private readonly client: () => S3Client, private readonly bucket: () => string) {}

  async write(key: PaymentFileKey, body: AsyncIterable<Uint8Array>): Promise<StoredPaymentFile> {
    const object = `${folderOf(key)}/${randomUUID()}/${key.name}`;
    const hash = createHash('sha256');
    let size = 0;
    const counted = Readable.from((async function* () {
      for await (const chunk of body) {
        hash.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
    })());
    // Parts of 5 MB, four in flight: about 20 MB buffered whatever the file's size. A failed upload aborts its parts.
    await new Upload({ client: this.client(), params: { Bucket: this.bucket(), Key: object, Body: counted } }).done();
    const stored = { size, sha256: hash.digest('hex') };
    const entry: Entry = { object, ...stored };
    await this.client().send(new PutObjectCommand({
      Bucket: this.bucket(),
      Key: entryKey(key),
      Body: JSON.stringify(entry),
      ContentType: 'application/json',
    }));
    return stored;
  }

  async read(key: PaymentFileKey): Promise<(StoredPaymentFile & { body: AsyncIterable<Uint8Array> }) | undefined> {
    const entry = await this.entry(key);
    if (!entry) return undefined;
    // A missing object under an entry is damage, not an absent file: it fails rather than answer "no file".
    const { Body, ContentLength } = await this.client().send(new GetObjectCommand({ Bucket: this.bucket(), Key: entry.object }));
    if (!(Body instanceof Readable)) throw new Error(`Payment file ${entry.object} came without a stream`);
    if (ContentLength !== entry.size) {
      Body.destroy();
      throw new Error(`Payment file ${entry.object} has ${ContentLength} bytes, its entry ${entry.size}`);
    }
    return { size: entry.size, sha256: entry.sha256, body: verified(Body, entry) };
  }

  async exists(key: PaymentFileKey): Promise<boolean> {
    const entry = await this.entry(key);
    if (!entry) return false;
    try {
      const { ContentLength } = await this.client().send(new HeadObjectCommand({ Bucket: this.bucket(), Key: entry.object }));
      return ContentLength === entry.size;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async link(key: PaymentFileKey, download: PaymentFileDownload): Promise<(StoredPaymentFile & { url: string }) | undefined> {
    // The name goes into a response header S3 writes: the same plain characters as a key part, nothing to escape.
    if (!SEGMENT.test(download.fileName)) throw new Error(`Not a download file name: ${JSON.stringify(download.fileName)}`);
    const entry = await this.entry(key);
    if (!entry) return undefined;
    const get = new GetObjectCommand({
      Bucket: this.bucket(),
      Key: entry.object,
      ResponseContentDisposition: `attachment; filename="${download.fileName}"`,
      ResponseContentType: download.contentType,
    });
    return { size: entry.size, sha256: entry.sha256, url: await getSignedUrl(this.client(), get, { expiresIn: LINK_SECONDS }) };
  }

  private async entry(key: PaymentFileKey): Promise<Entry | undefined> {
    try {
      const { Body } = await this.client().send(new GetObjectCommand({ Bucket: this.bucket(), Key: entryKey(key) }));
      return Body ? parseEntry(await Body.transformToString(), key) : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}
