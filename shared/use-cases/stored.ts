/**
 * What workflow steps read first: the stored application, payout batch or programme. One that is gone is a NotFound,
 * so the step fails loudly (and is retried) rather than acting on nothing.
 */
import type { Application } from '../domain/application.ts';
import { notFound } from '../domain/errors.ts';
import type { PayoutBatch } from '../domain/payout-batch.ts';
import type { Program } from '../domain/programs.ts';
import type { Deps } from './deps.ts';

export async function loadApplication(deps: Pick<Deps, 'applications'>, applicationId: string): Promise<Application> {
  const app = await deps.applications.get(applicationId);
  if (!app) throw notFound(`No application ${applicationId}`);
  return app;
}

export async function loadBatch(deps: Pick<Deps, 'payoutBatches'>, batchId: string): Promise<PayoutBatch> {
  const batch = await deps.payoutBatches.get(batchId);
  if (!batch) throw notFound(`No payout batch ${batchId}`);
  return batch;
}

export async function programOf(deps: Pick<Deps, 'programs'>, programId: string): Promise<Program> {
  const program = await deps.programs.get(programId);
  if (!program) throw notFound(`Programme ${programId} is gone`);
  return program;
}

/** The programme as the application was submitted under it: a later edit reaches new applications only. */
export async function programFor(deps: Pick<Deps, 'programs'>, app: Pick<Application, 'programId' | 'programVersion'>): Promise<Program> {
  if (app.programVersion === undefined) return programOf(deps, app.programId);
  const program = await deps.programs.version(app.programId, app.programVersion);
  if (!program) throw notFound(`Programme ${app.programId} version ${app.programVersion} is gone`);
  return program;
}
