import { Writable } from 'node:stream';
import { batchIdSchema, invitationsQuerySchema } from '../../shared/schemas/payout.ts';
import { invitationsPart, recordInvitationsDownload } from '../../shared/use-cases/payout-invitations.ts';
import { buildDeps } from '../lib/deps.ts';
import { parseQuery, pathParameter, staffRoute } from '../lib/http.ts';
import { writeInvitations } from '../lib/payouts/invitations.ts';

const deps = buildDeps();

export const handler = staffRoute(async (event, user) => {
  const batchId = pathParameter(event, 'batchId', batchIdSchema);
  const request = parseQuery(event, invitationsQuerySchema);
  const part = await invitationsPart(deps, user, batchId, request);
  // One part is a few MB and API Gateway takes a whole body: it is gathered here, drawn and read a page at a time.
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _encoding, done) { chunks.push(chunk); done(); } });
  const file = await writeInvitations({ programme: part.programme, window: part.window, instructions: part.households }, out);
  await recordInvitationsDownload(deps, user, batchId, { part: request.part, ...file });
  return {
    statusCode: 200,
    body: Buffer.concat(chunks),
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="undangan-${batchId}-bagian-${request.part}.pdf"`,
      'x-invitation-part': String(request.part),
      ...(part.hasNextPart() ? { 'x-invitation-next-part': String(request.part + 1) } : {}),
    },
  };
});
