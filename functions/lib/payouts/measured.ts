import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * A pass-through that hashes and counts the bytes on their way out, so a file's SHA-256 and size (for the batch's
 * audit trail) are known the moment it is written, without reading it back.
 */
export function measuredStream() {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, measure: () => ({ sha256: hash.digest('hex'), bytes }) };
}
