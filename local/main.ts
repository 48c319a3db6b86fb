/**
 * `npm start`: the whole of Jaring on one machine, data under .data/ (or `--in-memory`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack } from './stack.ts';
import { DEFAULT_DEV_PASSWORD, LOCAL_STAFF } from './staff-accounts.ts';

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: process.env.JARING_IN_MEMORY === 'true' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'data-dir': { type: 'string', default: process.env.JARING_DATA_DIR ?? '.data' },
  },
});

const password = process.env.JARING_DEV_PASSWORD ?? DEFAULT_DEV_PASSWORD;
if (process.env.NODE_ENV === 'production' && password === DEFAULT_DEV_PASSWORD) {
  console.error('Refusing to start: NODE_ENV=production with the default dev password. Set JARING_DEV_PASSWORD.');
  process.exit(1);
}

// How the console signs in: the local password form, or the managed login's stand-in as on AWS.
const staffSignIn = process.env.JARING_STAFF_SIGN_IN ?? 'password';
if (staffSignIn !== 'password' && staffSignIn !== 'hosted') {
  console.error(`Refusing to start: JARING_STAFF_SIGN_IN must be "password" or "hosted" (got "${staffSignIn}").`);
  process.exit(1);
}

const stack = await startLocalStack({
  dataDir: values['in-memory'] ? undefined : resolve(values['data-dir']),
  port: Number(values.port),
  password,
  staffSignIn,
});

console.log(`
Jaring is running at ${stack.url}
  data: ${values['in-memory'] ? 'in memory (lost on exit)' : resolve(values['data-dir'])}
  resumed ${stack.resumed} unfinished application(s)
  staff sign-in: ${staffSignIn === 'hosted' ? 'through the local managed login (JARING_STAFF_SIGN_IN=hosted)' : 'the console\'s password form'}
Local staff accounts (password: ${password === DEFAULT_DEV_PASSWORD ? DEFAULT_DEV_PASSWORD : 'from JARING_DEV_PASSWORD'}):
${LOCAL_STAFF.map((a) => `  ${a.username.padEnd(24)} ${a.roles.join(',').padEnd(10)} ${a.regions.join(',') || 'all regions'}`).join('\n')}
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stack.close().then(() => process.exit(0));
  });
}
