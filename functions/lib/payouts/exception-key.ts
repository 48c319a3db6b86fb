/** The API names an exception by its stored key in base64url: the key holds `|` and the row's free text. */
import { exceptionKeySchema } from '../../../shared/schemas/payout.ts';
import { type HttpEvent, pathParameter } from '../http.ts';

export const exceptionKeyForApi = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

/** The stored key the path names; one that was not issued by this API simply finds no exception (404). */
export const exceptionKeyFromPath = (event: HttpEvent) => Buffer.from(pathParameter(event, 'key', exceptionKeySchema), 'base64url').toString('utf8');
