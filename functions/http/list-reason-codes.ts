import { REJECTION_REASONS } from '../../shared/domain/reason-codes.ts';
import { publicRoute } from '../lib/http.ts';

/** The rejection reasons: the staff console offers them, the status page explains them to applicants. */
export const handler = publicRoute(async () => ({
  statusCode: 200,
  body: REJECTION_REASONS,
  // The catalogue changes only with a deployment.
  headers: { 'cache-control': 'public, max-age=300' },
}));
