/**
 * SMS through AWS End User Messaging SMS (`pinpoint-sms-voice-v2` SendTextMessage); locally the same calls reach the
 * simulator in local/sms-simulator.ts through AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2. The API has no idempotency key
 * for a text message, so the outbox's message id travels in `Context`, which the provider returns in its delivery
 * events: a message sent twice (a worker died after the provider took it) can be told apart and matched.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Sms, SmsSender } from '../../../shared/ports/notifications.ts';
import { config } from '../config.ts';
import { tracer } from '../tracer.ts';

export class EndUserMessagingSmsSender implements SmsSender {
  constructor(private readonly client: () => PinpointSMSVoiceV2Client, private readonly originationIdentity: () => string) {}

  async send(sms: Sms): Promise<{ providerMessageId: string }> {
    const { MessageId } = await this.client().send(new SendTextMessageCommand({
      DestinationPhoneNumber: sms.to,
      OriginationIdentity: this.originationIdentity(),
      MessageBody: sms.body,
      // Status changes and payments: a transactional message, delivered ahead of promotions and outside their quiet hours.
      MessageType: 'TRANSACTIONAL',
      Context: { messageId: sms.messageId },
    }));
    if (!MessageId) throw Object.assign(new Error('The SMS provider accepted the message without an id'), { name: 'NoMessageId' });
    return { providerMessageId: MessageId };
  }
}

let client: PinpointSMSVoiceV2Client | undefined;

/**
 * The SMS provider, for the delivery worker alone: its client is built on first use (AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2
 * locally) with one attempt per call, since the outbox owns retries (its backoff and dead-letter state) and the SDK's own
 * would only hide attempts from it.
 */
export const smsProvider = (): SmsSender =>
  new EndUserMessagingSmsSender(() => (client ??= tracer.captureAWSv3Client(new PinpointSMSVoiceV2Client({ maxAttempts: 1 }))), () => config.smsOriginationIdentity);
