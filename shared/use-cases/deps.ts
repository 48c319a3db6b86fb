import type { ApplicationRepository, AuditLog, Clock, DedupRegistry, ProgramCatalogue, TaskRepository, WorkflowEngine } from '../ports/index.ts';

/** Everything a use-case may touch; handlers build it once per cold start. */
export interface Deps {
  applications: ApplicationRepository;
  dedup: DedupRegistry;
  tasks: TaskRepository;
  programs: ProgramCatalogue;
  audit: AuditLog;
  workflow: WorkflowEngine;
  clock: Clock;
}
