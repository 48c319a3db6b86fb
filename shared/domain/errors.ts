/**
 * Typed domain errors. Use-cases throw these; the HTTP layer maps each `kind` to a status code,
 * so no handler decides status codes by string matching.
 */
export interface Issue {
  path: string;
  message: string;
}

export type DomainErrorKind =
  | 'ValidationError'
  | 'NotFound'
  | 'Duplicate'
  | 'Conflict'
  | 'Unauthorized'
  | 'Forbidden'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  /** An idempotency key sent again with another request than the one first sent under it. */
  | 'IdempotencyKeyReused'
  /** The same request is still being worked on (sent twice at once): the caller retries shortly. */
  | 'InProgress'
  /** A dependency the request needs (a secret, say) is out of reach for now; the caller may retry. */
  | 'ServiceUnavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = kind;
  }
}

export const validationError = (message: string, issues: Issue[]) =>
  new DomainError('ValidationError', message, { issues });
export const notFound = (message: string) => new DomainError('NotFound', message);
export const forbidden = (message: string) => new DomainError('Forbidden', message);
export const unauthorized = (message: string) => new DomainError('Unauthorized', message);
