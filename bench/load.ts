/**
 * The intake load generator, run as its own process by bench/run.ts so that generating and checking requests
 * does not take event-loop time from the server it measures. Prints one JSON line: {rps, non2xx}.
 *   node --import tsx bench/load.ts <url> <connections> <seconds> [keyed|plain] [run number]
 * `keyed`: every request carries its own Idempotency-Key; the run number keeps each run's NIKs apart.
 */
import autocannon from 'autocannon';
import { applicationBody } from '../test/support/fixtures.ts';

const [url = '', connections = '32', seconds = '10', mode = 'plain', run = '0'] = process.argv.slice(2);
let serial = 0;
const result = await autocannon({
  url: `${url}/api/applications`,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [{
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => {
      serial++;
      // Unique NIK per request: a serial per district and birth day (9,999 each); each run its own birth year (`run`),
      // so a run's NIKs are not an earlier one's (which would answer 409 Duplicate).
      const day = 1 + Math.floor(serial / 9999);
      const year = 1980 + Number(run);
      const body = applicationBody({ districtCode: '36.71.02', birthDate: `${year}-01-${String(day).padStart(2, '0')}`, serial: 1 + (serial % 9999) });
      const headers = mode === 'keyed' ? { ...request.headers, 'idempotency-key': crypto.randomUUID() } : request.headers;
      return { ...request, headers, body: JSON.stringify(body) };
    },
  }],
});
console.log(JSON.stringify({ rps: result.requests.average, non2xx: result.non2xx }));
