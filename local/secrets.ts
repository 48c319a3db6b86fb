import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The local pseudonym key (what Secrets Manager holds on AWS): generated at first start under the data folder,
 * never committed; in memory for tests. Losing it orphans every pseudonymized key, so it lives beside the data.
 */
export async function loadOrCreatePseudonymKey(dataDir: string | undefined): Promise<string> {
  if (!dataDir) return randomBytes(32).toString('hex');
  const file = join(dataDir, 'identity', 'pseudonym.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32).toString('hex');
  await mkdir(join(dataDir, 'identity'), { recursive: true });
  await writeFile(file, key, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // another process made it first: use theirs
  });
  return (await readFile(file, 'utf8')).trim();
}
