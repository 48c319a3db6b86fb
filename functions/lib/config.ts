import { ENV } from '../catalog.ts';

/** Fail fast at cold start: a missing setting is a deployment bug, not something to limp along with. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const config = {
  get tableName() {
    return required(ENV.tableName);
  },
  get lifecycleStateMachineArn() {
    return required(ENV.lifecycleStateMachineArn);
  },
};
