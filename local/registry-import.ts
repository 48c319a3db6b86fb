/**
 * `npm run registry:import -- file.csv [--data-dir .data]`: imports a DTSEN-like registry CSV
 * (`nik,kk,desil,district_code`). Every row is checked; bad rows are reported with their line and reasons
 * and skipped; importing the same file again changes nothing. Exit code 0 when every row was imported,
 * 1 when some were rejected (the good rows are still imported), 2 when the file could not be read.
 *
 * Where it writes: with JARING_TABLE_NAME set (and JARING_PSEUDONYM_SECRET_ARN naming the stack's pseudonym
 * secret), that table through the SDK's usual configuration (AWS, or
 * AWS_ENDPOINT_URL_DYNAMODB); otherwise the local store of `npm start`: the running one if it is up, else the
 * data folder directly.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../functions/catalog.ts';
import { DynamoRegistry } from '../functions/lib/adapters/dynamo-registry.ts';
import { idnRegions } from '../functions/lib/adapters/idn-regions.ts';
import { pseudonyms } from '../functions/lib/pseudonyms.ts';
import { LOCAL_TABLE_NAME } from '../functions/lib/table-layout.ts';
import { importRegistry } from '../shared/use-cases/import-registry.ts';
import { csvRows } from './csv-rows.ts';
import { openLocalStore } from './local-store.ts';
import { loadOrCreatePseudonymKey } from './secrets.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: process.env.JARING_DATA_DIR ?? '.data' } },
});
const file = positionals[0];
if (!file) {
  console.error('Usage: npm run registry:import -- <file.csv> [--data-dir .data]');
  process.exit(2);
}
try {
  await access(file, constants.R_OK);
  if (!(await stat(file)).isFile()) throw new Error('not a file');
} catch {
  console.error(`Cannot read ${file}: it must be a readable CSV file`);
  process.exit(2);
}

const awsTable = process.env[ENV.tableName];
const dataDir = resolve(values['data-dir']);
// Locally, the same pseudonym key as the app's (on AWS the environment names the secret).
if (!awsTable) process.env[ENV.pseudonymKey] = await loadOrCreatePseudonymKey(dataDir);
const store = awsTable ? undefined : await openLocalStore(dataDir);
const client = new DynamoDBClient(store ? { endpoint: store.url, region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {});
const registry = new DynamoRegistry(DynamoDBDocumentClient.from(client), awsTable ?? LOCAL_TABLE_NAME, pseudonyms);

const report = await importRegistry(registry, await idnRegions.codes(), csvRows(file));
client.destroy();
await store?.close();

console.log(`${report.rows} rows read, ${report.imported} imported, ${report.rejected.length} rejected`);
for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reasons.join('; ')}`);
process.exit(report.rejected.length ? 1 : 0);
