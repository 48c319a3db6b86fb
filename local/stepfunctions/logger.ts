/** Ids and names only: execution inputs carry personal data (NIK) that must not reach logs. */
export type Logger = (level: 'info' | 'error', msg: string, data?: Record<string, unknown>) => void;
