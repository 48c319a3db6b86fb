/**
 * Public list prices the cost model (bench/cost.ts) multiplies its counts by: US East (N. Virginia), on-demand, without
 * free tiers, as published on the services' pricing pages (read 2026-12-01; Step Functions' Region table has no Jakarta
 * row, so every service is priced in us-east-1 for one consistent basis). SMS is an assumption, shown apart.
 */
export const PRICES = {
  date: '2026-12-01',
  region: 'us-east-1',
  /** Step Functions Standard: per state transition (USD 0.025 per 1,000). */
  stateTransition: 0.025 / 1_000,
  /** Lambda: per request (USD 0.20 per million) and per GB-second on arm64 (first tier). */
  lambdaRequest: 0.2 / 1_000_000,
  lambdaGbSecondArm: 0.0000133334,
  /** DynamoDB on-demand: per write request unit (USD 0.625 per million) and read request unit (USD 0.125 per million). */
  dynamoWriteUnit: 0.625 / 1_000_000,
  dynamoReadUnit: 0.125 / 1_000_000,
  /** S3 Standard: PUT, COPY, POST, LIST (USD 0.005 per 1,000) and GET and others (USD 0.0004 per 1,000). */
  s3Write: 0.005 / 1_000,
  s3Read: 0.0004 / 1_000,
  /** API Gateway HTTP API: per request, first 300 million a month (USD 1.00 per million). */
  httpApiRequest: 1 / 1_000_000,
  /**
   * Assumption, not a quoted price: one SMS to an Indonesian number (AWS End User Messaging SMS, sender ID route). Check
   * the current Indonesia row of the SMS pricing page before a budget rests on it.
   */
  smsIndonesia: 0.35,
} as const;

/** Lambda memory in GB: every handler gets the same (infra/constructs/jaring-function.ts). */
export const lambdaGb = (memoryMb: number) => memoryMb / 1024;
