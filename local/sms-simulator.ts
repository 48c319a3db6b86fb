/**
 * The embedded SMS provider: a loopback HTTP server that answers AWS End User Messaging SMS's `SendTextMessage` (JSON
 * 1.0 protocol) as the real service does, so the delivery worker's adapter runs the same SDK call in both runtimes.
 * Nothing leaves the machine: each message is recorded in memory, where tests read it. It is never logged (it holds
 * the applicant's phone number); staff read what was sent in the outbox (`GET /api/notifications`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimulatedSms {
  to: string;
  body: string;
  originationIdentity: string;
  /** `Context` of the request: the outbox's message id. */
  context: Record<string, string>;
  providerMessageId: string;
  at: string;
}

export interface SmsSimulator {
  url: string;
  /** Every message the simulator accepted, in order. */
  readonly sent: readonly SimulatedSms[];
  /** The next `count` requests fail as the provider fails when it is down (500 InternalServerException). */
  failNext(count: number): void;
  close(): Promise<void>;
}

const TARGET = 'PinpointSMSVoiceV2.SendTextMessage';

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return body;
}

export async function startSmsSimulator(): Promise<SmsSimulator> {
  const sent: SimulatedSms[] = [];
  let failures = 0;
  const server = createServer((request, response) => {
    const reply = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
    };
    void readBody(request).then((text) => {
      if (request.headers['x-amz-target'] !== TARGET) return reply(400, { __type: 'UnknownOperationException', message: 'The simulator answers SendTextMessage only' });
      if (failures > 0) {
        failures--;
        return reply(500, { __type: 'InternalServerException', Message: 'Simulated provider failure' });
      }
      const input = JSON.parse(text) as { DestinationPhoneNumber?: string; MessageBody?: string; OriginationIdentity?: string; Context?: Record<string, string> };
      if (!input.DestinationPhoneNumber || !input.MessageBody || !input.OriginationIdentity) {
        return reply(400, { __type: 'ValidationException', Message: 'DestinationPhoneNumber, MessageBody and OriginationIdentity are required' });
      }
      const providerMessageId = randomUUID();
      sent.push({
        to: input.DestinationPhoneNumber, body: input.MessageBody, originationIdentity: input.OriginationIdentity,
        context: input.Context ?? {}, providerMessageId, at: new Date().toISOString(),
      });
      return reply(200, { MessageId: providerMessageId });
    }).catch(() => reply(400, { __type: 'SerializationException', Message: 'The request body is not JSON' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    failNext(count) {
      failures = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
