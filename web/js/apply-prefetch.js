/**
 * The lists the form opens with, asked for before the rest of the form's modules are evaluated (apply.js imports
 * this first; api.js keeps the answers, which apply-choices.js then takes): on a slow phone that evaluation is time
 * the requests can already use. A draft's read starts here too.
 */
import { programs, regions } from './api.js';
import { draft } from './phone-store.js';

void programs();
void regions();
export const savedDraft = draft().catch(() => undefined);
