import type { CreateApplicationInput } from '../schemas/application.ts';
import type { Deps } from './deps.ts';
import { oncePerKey } from './once-per-key.ts';
import { mintApplicationIds, submitApplication, type ApplicationIds, type SubmittedApplication } from './submit-application.ts';

/**
 * A submission, once per Idempotency-Key when it carries one: a resend of the same answers gets the first 201 (the
 * same applicationId and reference), other answers under the key a 422. The ids are reserved with the key, so an
 * attempt that takes over from one that died finishes that attempt's application instead of meeting it as a duplicate.
 */
export async function submitOnce(deps: Deps, input: CreateApplicationInput, key: string | undefined): Promise<SubmittedApplication> {
  if (key === undefined) return submitApplication(deps, input);
  // The schema gives its keys in its own order, so the same answers serialise alike; keyed, as the answers hold a NIK.
  const fingerprint = await deps.pseudonyms.pseudonym(`idempotency|${JSON.stringify(input)}`);
  return oncePerKey<ApplicationIds, SubmittedApplication>(deps, {
    key: `create-application:${key}`,
    fingerprint,
    reserve: () => mintApplicationIds(deps.clock.now()),
    run: (ids, takingOver) => submitApplication(deps, input, { ...ids, earlier: takingOver }),
  });
}
