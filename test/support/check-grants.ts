/**
 * `node --import tsx test/support/check-grants.ts <dir>`: the measured least-privilege check over the commands the test
 * files left in `<dir>` (test/support/grant-recording.ts). Prints the report; exits 1 when a call is outside its
 * function's grant. test/support/grant-reporter.ts runs it at the end of every vitest run.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { byFunction, checkGrants, grantReport, synthesizedGrants } from './grant-check.ts';
import type { SentCommand } from './grants.ts';

const dir = process.argv[2];
if (!dir) throw new Error('Usage: check-grants.ts <directory of recorded commands>');
const files = await readdir(dir);
const recorded = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as [string, SentCommand[]][]));
const grants = synthesizedGrants();
const check = checkGrants(byFunction(recorded.flat()), grants);
process.stdout.write(`\n${grantReport(check, grants.functions.length)}\n`);
if (check.refused.length > 0) {
  process.stderr.write(`\nLeast privilege FAILED: these calls are not allowed by the function's own policy in the synthesized template:\n${check.refused.map((r) => `  ${r}`).join('\n')}\n`);
  process.exitCode = 1;
}
