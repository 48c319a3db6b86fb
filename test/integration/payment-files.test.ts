/**
 * Payment files through the S3 adapter on the local stack's s3rver: a 10 MB file streamed in and back, and what a
 * SIGKILL of the process mid-write leaves (the previous file or none, never part of one; see s3-payment-files.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3PaymentFileStore } from '../../functions/lib/adapters/s3-payment-files.ts';
import { s3Client } from '../../functions/lib/clients.ts';
import { LOCAL_PAYMENT_FILES_BUCKET, S3RVER_CREDENTIALS, startS3, type LocalS3 } from '../../local/s3.ts';
import { startLocalStack, type LocalStack } from '../../local/stack.ts';
import { digestOf, paymentFileStore, paymentRows, TEN_MB } from '../support/payment-files.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';

const bucket = LOCAL_PAYMENT_FILES_BUCKET;

describe('payment files on the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack?.close());

  it('streams a 10 MB file in and reads the same bytes back', async () => {
    const store = paymentFileStore();
    const key = { batchId: 'batch-1', name: 'bank.csv' };
    const expected = await digestOf(paymentRows(7, TEN_MB));
    expect(await store.exists(key)).toBe(false);

    expect(await store.write(key, paymentRows(7, TEN_MB))).toEqual(expected);
    expect(await store.exists(key)).toBe(true);
    const file = await store.read(key);
    expect(file && { size: file.size, sha256: file.sha256 }).toEqual(expected);
    expect(await digestOf(file!.body)).toEqual(expected);
  });

  it('answers no file for a key never written or an entry that is not whole', async () => {
    const store = paymentFileStore();
    expect(await store.read({ batchId: 'batch-2', name: 'never.csv' })).toBeUndefined();
    // What a kill while s3rver writes an entry leaves: the start of it.
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: 'payment-files/batch-2/torn.csv.json', Body: '{"object":"payment-files/ba' }));
    expect(await store.exists({ batchId: 'batch-2', name: 'torn.csv' })).toBe(false);
    expect(await store.read({ batchId: 'batch-2', name: 'torn.csv' })).toBeUndefined();
  });

  it('ends the read in an error when the bytes are not the ones stored', async () => {
    const store = paymentFileStore();
    const key = { batchId: 'batch-3', name: 'bank.csv' };
    await store.write(key, paymentRows(8, 100_000));
    const entry = JSON.parse(await (await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: 'payment-files/batch-3/bank.csv.json' }))).Body!.transformToString()) as { object: string };
    const chunks: Uint8Array[] = [];
    for await (const chunk of paymentRows(8, 100_000)) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    bytes[50_000] = bytes[50_000]! ^ 1;
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: entry.object, Body: bytes }));

    const file = await store.read(key);
    await expect(digestOf(file!.body)).rejects.toThrow(/does not match its entry/);
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: entry.object, Body: bytes.subarray(1) }));
    await expect(store.read(key)).rejects.toThrow(/has 99999 bytes|bytes, its entry/);
    expect(await store.exists(key)).toBe(false);
  });

  it('refuses a key part that is not one plain path segment', async () => {
    const store = paymentFileStore();
    await expect(store.write({ batchId: '../other', name: 'bank.csv' }, paymentRows(9, 10))).rejects.toThrow(/key part/);
    await expect(store.exists({ batchId: 'batch-4', name: 'a/b.csv' })).rejects.toThrow(/key part/);
  });
});

describe('a SIGKILL of the process mid-write', () => {
  /** The restarted store's s3rver on the killed process's data, read through the same adapter with its own client. */
  async function restarted(dataDir: string) {
    const s3 = await startS3({ directory: join(dataDir, 's3'), buckets: [bucket] });
    const client = new S3Client({ endpoint: s3.url, region: 'ap-southeast-3', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    return { s3, client, store: new S3PaymentFileStore(() => client, () => bucket) };
  }
  const until = async (app: RunningApp, text: string) => {
    for (const deadline = Date.now() + 30_000; !app.output().includes(text); await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > deadline) throw new Error(`no "${text}" in:\n${app.output()}`);
    }
  };

  let dataDir: string;
  let s3: LocalS3 | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jaring-payment-files-'));
  });
  afterAll(async () => {
    await s3?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the previous file of a key being replaced, and no file of a key being written', async () => {
    const app = await startApp([dataDir, 'stall'], {}, 'test/support/payment-file-writer.ts');
    for (const text of ['streamed replacement', 'streamed new', 'streamed control']) await until(app, text);
    // Let the bytes in flight reach s3rver's files before the kill.
    await new Promise((r) => setTimeout(r, 500));
    await kill(app);

    const after = await restarted(dataDir);
    s3 = after.s3;
    const previous = await after.store.read({ batchId: 'b1', name: 'replaced.csv' });
    expect(await digestOf(previous!.body)).toEqual(await digestOf(paymentRows(1, TEN_MB)));
    expect(await after.store.exists({ batchId: 'b1', name: 'new.csv' })).toBe(false);
    expect(await after.store.read({ batchId: 'b1', name: 'new.csv' })).toBeUndefined();
    // The hazard the entries guard against: s3rver serves the cut-short PutObject as an object, shorter than sent.
    const control = await after.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'control/partial.csv' }));
    expect(control.ContentLength).toBeGreaterThan(0);
    expect(control.ContentLength).toBeLessThan(TEN_MB);
    await s3.close();
    s3 = undefined;
  });

  it('leaves every file whole or absent, killed at random moments', async () => {
    const expected = new Map<number, string>();
    for (let round = 0; round < 3; round += 1) {
      const app = await startApp([dataDir, 'whole'], {}, 'test/support/payment-file-writer.ts');
      await new Promise((r) => setTimeout(r, Math.random() * 1500));
      await kill(app);
      const written = [...app.output().matchAll(/written file-(\d+)/g)].map((m) => Number(m[1]));
      const after = await restarted(dataDir);
      s3 = after.s3;
      for (let i = 0; i <= Math.max(-1, ...written) + 1; i += 1) {
        const file = await after.store.read({ batchId: 'b2', name: `file-${i}.csv` });
        if (written.includes(i)) expect(file).toBeDefined();
        if (!file) continue;
        if (!expected.has(i)) expected.set(i, (await digestOf(paymentRows(100 + i, TEN_MB))).sha256);
        expect((await digestOf(file.body)).sha256).toBe(expected.get(i));
      }
      await s3.close();
      s3 = undefined;
    }
  });
});
