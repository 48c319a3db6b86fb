/**
 * The intake load generator, run as its own process by bench/run.ts so that generating and checking requests
 * does not take event-loop time from the server it measures. Prints one JSON line: {rps, non2xx}.
 *   node --import tsx bench/load.ts <url> <connections> <seconds>
 */
import autocannon from 'autocannon';
import { applicationBody } from '../test/support/fixtures.ts';

const [url = '', connections = '32', seconds = '10'] = process.argv.slice(2);
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
      // Unique NIK per request: a serial per district and birth day (9,999 each).
      const day = 1 + Math.floor(serial / 9999);
      const body = applicationBody({ districtCode: '36.71.02', birthDate: `1980-01-${String(day).padStart(2, '0')}`, serial: 1 + (serial % 9999) });
      return { ...request, body: JSON.stringify(body) };
    },
  }],
});
console.log(JSON.stringify({ rps: result.requests.average, non2xx: result.non2xx }));
