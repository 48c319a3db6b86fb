/**
 * A child process for the crash test: starts the local stack on a data directory, prints the "running at" line, and
 * writes payment files until the test kills it. `stall`: writes `b1/replaced.csv` whole, then starts replacing it,
 * writing `b1/new.csv` and a plain PutObject of `control/partial.csv`, and stops each mid-body ("stalled" once all
 * three are under way). `whole`: writes `b2/file-<i>.csv` one after another, each whole, printing each.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { s3Client } from '../../functions/lib/clients.ts';
import { config } from '../../functions/lib/config.ts';
import { startLocalStack } from '../../local/stack.ts';
import { paymentFileStore, paymentRows, TEN_MB } from './payment-files.ts';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== 'stall' && mode !== 'whole')) throw new Error('usage: payment-file-writer.ts <data dir> stall|whole');
const stack = await startLocalStack({ dataDir });
console.log(`running at ${stack.url}`);
const store = paymentFileStore();

/** The rows of `seed` up to about 6 MB (past the first 5 MB part), then nothing more, ever. */
async function* stalled(seed: number, label: string): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for await (const chunk of paymentRows(seed, TEN_MB)) {
    yield chunk;
    sent += chunk.byteLength;
    if (sent > 6 * 1024 * 1024) break;
  }
  console.log(`streamed ${label}`);
  await new Promise(() => undefined);
}

if (mode === 'stall') {
  await store.write({ batchId: 'b1', name: 'replaced.csv' }, paymentRows(1, TEN_MB));
  console.log('written replaced.csv');
  void store.write({ batchId: 'b1', name: 'replaced.csv' }, stalled(2, 'replacement'));
  void store.write({ batchId: 'b1', name: 'new.csv' }, stalled(3, 'new'));
  // What a store writing straight to the file's key would leave: s3rver writes the body into the object as it comes.
  void s3Client().send(new PutObjectCommand({
    Bucket: config.paymentFilesBucket,
    Key: 'control/partial.csv',
    Body: Readable.from(stalled(4, 'control')),
    ContentLength: TEN_MB,
  }));
} else {
  for (let i = 0; ; i += 1) {
    await store.write({ batchId: 'b2', name: `file-${i}.csv` }, paymentRows(100 + i, TEN_MB));
    console.log(`written file-${i}.csv`);
  }
}
