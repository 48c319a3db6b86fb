/**
 * The security headers of every response, pages and API alike: one definition, which the local gateway sends and
 * CloudFront's response headers policy (infra/constructs/web-site.ts) is built from, so the two cannot drift.
 * Not a page asset: `*.ts` under web/ is never deployed.
 */

/**
 * Pages load their scripts, styles and data from their own origin only, and the finance console a large payment file
 * from `paymentFilesOrigin`: the download's redirect leads to a short-lived link there (the payment files bucket's
 * endpoint; s3rver locally), and a console signing in at a managed login its token endpoint (`signInOrigin`: the user
 * pool's domain on AWS, web/sign-in-config.ts), where it exchanges the sign-in's code. No 'unsafe-inline' anywhere: the pages have no inline script, style attribute or event
 * handler attribute, so an injected one does not run. `data:` for images is the empty favicon the pages declare
 * (`<link rel="icon" href="data:,">`).
 */
export const contentSecurityPolicy = (paymentFilesOrigin: string, signInOrigin?: string) => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // The applicant pages' service worker (/sw.js) and web app manifest, from this origin only.
  "worker-src 'self'",
  "manifest-src 'self'",
  `connect-src 'self' ${paymentFilesOrigin}${signInOrigin ? ` ${signInOrigin}` : ''}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  // No other site may frame the staff console (clickjacking a decision button).
  "frame-ancestors 'none'",
].join('; ');

/**
 * no-referrer: the pages link nowhere that needs to know where a visitor came from, and a page address can carry
 * what should stay here (an application id in the staff console, a reference on the status page).
 */
export const REFERRER_POLICY = 'no-referrer';

/** Header names lower-case, as Node's HTTP server and API Gateway's payload v2 spell them. */
export const securityHeaders = (paymentFilesOrigin: string, signInOrigin?: string): Readonly<Record<string, string>> => ({
  'content-security-policy': contentSecurityPolicy(paymentFilesOrigin, signInOrigin),
  'x-content-type-options': 'nosniff',
  'referrer-policy': REFERRER_POLICY,
  // frame-ancestors for browsers too old to read it (older Android WebViews).
  'x-frame-options': 'DENY',
});
