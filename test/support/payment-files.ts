/** Payment files for tests: deterministic CSV-like rows streamed in chunks, their digest, the adapter as handlers build it. */
import { createHash } from 'node:crypto';
import { S3PaymentFileStore } from '../../functions/lib/adapters/s3-payment-files.ts';
import { s3Client } from '../../functions/lib/clients.ts';
import { config } from '../../functions/lib/config.ts';
import type { StoredPaymentFile } from '../../shared/ports/index.ts';

export const TEN_MB = 10 * 1024 * 1024;

/** The adapter with the module-scope client and the bucket from the environment the local stack set. */
export const paymentFileStore = () => new S3PaymentFileStore(s3Client, () => config.paymentFilesBucket);

/** About `bytes` of BANK rows (the same ones for the same seed), in chunks of about 64 KB, produced as they are read. */
export async function* paymentRows(seed: number, bytes: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let sent = 0;
  let row = 0;
  while (sent < bytes) {
    const lines: string[] = [];
    for (let length = 0; length < 64 * 1024 && sent + length < bytes; row += 1) {
      const line = `JRG${seed}-${row},014,${String(row * 7919 + seed).padStart(12, '0')},Penerima ${row},${200_000 + (row % 7) * 50_000}\n`;
      lines.push(line);
      length += line.length;
    }
    const chunk = encoder.encode(lines.join(''));
    sent += chunk.byteLength;
    yield chunk;
  }
}

export async function digestOf(body: AsyncIterable<Uint8Array>): Promise<StoredPaymentFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.byteLength;
  }
  return { size, sha256: hash.digest('hex') };
}
