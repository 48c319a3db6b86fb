/**
 * `npm run registry:import` as an operator runs it: against the data folder of a stopped app, then against
 * the running app, reporting bad rows by line and re-importing without change.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { applicationBody } from '../support/fixtures.ts';
import { kill, startApp, type RunningApp } from '../support/process.ts';
import { countItems } from '../support/table.ts';
import { openLocalStore } from '../../local/local-store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIXED = fileURLToPath(new URL('../fixtures/registry/mixed.csv', import.meta.url));
let dataDir = '';
const running: RunningApp[] = [];
afterAll(async () => {
  for (const app of running) await kill(app);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function runImport(file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/registry-import.ts', file, '--data-dir', dataDir], { cwd: ROOT, env: process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('registry import', () => {
  it('imports good rows, reports each bad row with its line and reasons, and re-imports idempotently', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jaring-registry-'));
    const first = await runImport(MIXED);
    expect(first.code).toBe(1);
    expect(first.out).toContain('9 rows read, 2 imported, 7 rejected');
    expect(first.out).toMatch(/line 3: desil: desil must be a whole number from 1 to 10/);
    expect(first.out).toMatch(/line 4: nik: nik must be 16 digits/);
    expect(first.out).toMatch(/line 5: nik: the first six digits of nik are not a registered district code/);
    expect(first.out).toMatch(/line 6: district_code: district_code is not a registered district/);
    expect(first.out).toMatch(/line 8: nik: the same NIK is on line 2/);
    expect(first.out).toMatch(/line 9: kk: kk must be 16 digits; desil: desil must be a whole number/);
    expect(first.out).toMatch(/line 10: district_code: /);
    expect(first.out).not.toMatch(/line 7:/); // quoted values with spaces are fine

    const again = await runImport(MIXED);
    expect(again.out).toContain('9 rows read, 2 imported, 7 rejected');
    const store = await openLocalStore(dataDir);
    expect((await countItems(store.url))['REGISTRY:REGISTRY']).toBe(2); // replaced, not added
    await store.close();

    // The running app sees the imported desil in screening: on a fresh data folder, so the entry can only have
    // come from an import that reached the app's store while it ran.
    await rm(dataDir, { recursive: true, force: true });
    dataDir = await mkdtemp(join(tmpdir(), 'jaring-registry-'));
    const app = await startApp(['--port', '0', '--data-dir', dataDir]);
    running.push(app);
    const third = await runImport(MIXED);
    expect(third.out).toContain('2 imported');
    const api = apiClient(app.url);
    const body = { ...applicationBody({ districtCode: '36.71.01', birthDate: '1988-06-20', gender: 'F' }), nik: '3671016006880006' };
    const created = await api.call<{ applicationId: string }>('POST', '/api/applications', { body });
    expect(created.status).toBe(201);
    const admin = await api.login('admin');
    const screened = await api.until('screened', async () => {
      const d = (await api.call<{ status: string; screening?: { desil: number } }>('GET', `/api/applications/${created.json.applicationId}`, { token: admin })).json;
      return d.screening && d;
    });
    expect(screened.screening?.desil).toBe(1);
  });

  it('refuses a file it cannot read', async () => {
    const missing = await runImport(join(dataDir || tmpdir(), 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/Cannot read/);
    const folder = await runImport(tmpdir()); // exists, but is no file
    expect(folder.code).toBe(2);
    expect(folder.out).toMatch(/Cannot read .*: it must be a readable CSV file/);
    expect(folder.out).not.toMatch(/\n\s+at /); // no stack trace
  });
});
