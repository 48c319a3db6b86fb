/**
 * What the web pages take from shared/: bundled by web/build.ts into `/js/shared.js` (about 6 KB gzipped, no zod),
 * so the form checks a NIK against the birth date and gender, and words it, exactly as the server does, and the
 * staff console names its queues after the human-task stages (which of them an officer sees, GET /api/me says) and
 * banks by name; the search offers the statuses and screening flags the server knows, and the dashboard lists
 * statuses in their lifecycle order. The applicant's form reads dates and references as people type them, offers
 * every bank by name and shows each programme's guide; the admin sets an officer's roles from the roles the server knows.
 */
export { NIK_PATTERN, parseNik } from './domain/identity.ts';
export { nikBirthIssues } from './schemas/nik-birth.ts';
export { ACCOUNT_NUMBER_PATTERN, BANK_CODE_PATTERN, HOUSEHOLD_MAX_MEMBERS, KK_PATTERN, PHONE_PATTERN, REFERENCE_PATTERN,
  formatDayMonthYear, normaliseReference, parseDayMonthYear } from './schemas/formats.ts';
export { translate } from './schemas/messages.ts';
export { TASK_KINDS, TASK_STAGES } from './domain/human-task.ts';
export { BANK_NAMES, BANKS } from './domain/banks.ts';
export { PROGRAM_GUIDES, STAGE_DAYS } from './domain/program-guides.ts';
export { FLAG_CODES } from './domain/application.ts';
export { APPLICATION_STATUSES } from './domain/application-status.ts';
export { STAFF_ROLES } from './domain/staff-roles.ts';
