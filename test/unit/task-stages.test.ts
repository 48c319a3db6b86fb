/**
 * The human-task stage table drives everything a stage needs (issue #9): a new entry without its workflow states,
 * policy actions, reasons, messages or console labels fails here, not in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canTransition } from '../../shared/domain/application-status.ts';
import { PAYOUT_BATCH_TRANSITIONS } from '../../shared/domain/payout-batch.ts';
import { QUIET_WAIT_SECONDS, queueRoles, secondsToNextDeadline, stageWaitingIn, SUBJECT_ID_FIELDS, TASK_KINDS, TASK_STAGES, taskIdFor, taskKindOf } from '../../shared/domain/human-task.ts';
import { SEED_PROGRAMS } from '../../shared/domain/programs.ts';
import { REASON_STAGES, REJECTION_REASONS, reasonCodesFor } from '../../shared/domain/reason-codes.ts';
import { POLICY, STAFF_ROLES, taskWorkAction } from '../../shared/domain/staff.ts';
import { taskIdSchema } from '../../shared/schemas/application.ts';
import { MESSAGES } from '../../shared/schemas/messages.ts';
import { withHumanTaskStages, type AslDefinition } from '../../workflows/human-task-states.ts';
import { APPLICATION_LIFECYCLE, humanTaskStateNames, readWorkflowDefinition, WORKFLOWS } from '../../workflows/index.ts';

const SUBJECT_ID = '3f1c2b9e-8a4d-4c3b-9e2f-1a2b3c4d5e6f';
type Json = Record<string, unknown>;

describe.each(TASK_KINDS.map((kind) => [kind] as const))('the %s stage', (kind) => {
  const stage = TASK_STAGES[kind];
  const names = humanTaskStateNames(kind);

  it('waits and applies its decision in the workflow of its subject, which routes its status to the wait', () => {
    const workflow = WORKFLOWS.find((w) => w.humanTasks?.subject === stage.subject);
    if (!workflow) throw new Error(`No workflow waits through the stages of ${stage.subject}`);
    const { States: states } = JSON.parse(readWorkflowDefinition(workflow.file)) as AslDefinition;
    for (const name of Object.values(names)) expect(states[name], name).toBeDefined();
    const route = states[workflow.humanTasks?.routeState ?? ''];
    expect(route?.Choices).toContainEqual({ Variable: '$.status', StringEquals: stage.waitsIn, Next: names.await });
    const payload = (states[names.await]?.Parameters as Json).Payload as Json;
    expect(payload).toMatchObject({ kind, [`${SUBJECT_ID_FIELDS[stage.subject]}.$`]: `$.${SUBJECT_ID_FIELDS[stage.subject]}` });
    expect(states[names.await]?.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(states[names.applyDecision]?.Next).toBe(workflow.humanTasks?.afterDecision ?? workflow.humanTasks?.routeState);
    // One wait until the task's next deadline, not a fixed period: every step that routes here says how long.
    expect(states[names.await]).toMatchObject({ TimeoutSecondsPath: '$.waitSeconds' });
    expect(states[names.await]).not.toHaveProperty('TimeoutSeconds');
    const routingSteps = Object.entries(states).filter(([, state]) => state.Type === 'Task' && state.Next === workflow.humanTasks?.routeState);
    expect(routingSteps.length).toBeGreaterThan(0);
    for (const [name, state] of routingSteps) expect(state.ResultSelector, name).toMatchObject({ 'waitSeconds.$': '$.Payload.waitSeconds' });
  });

  it('has its policy actions: the deciding role works it, the escalation role once it is overdue, both list it', () => {
    expect(POLICY[`task.work.${kind}`].roles).toEqual([stage.decidedBy]);
    expect(POLICY[taskWorkAction(kind, true)].roles).toEqual([stage.decidedBy, stage.escalatesTo]);
    expect(POLICY[`tasks.list.${kind}`].roles).toEqual(queueRoles(kind));
    expect(queueRoles(kind)).toEqual(expect.arrayContaining([stage.decidedBy, stage.escalatesTo, 'admin']));
    // An application's overdue task goes one level up; a payout batch's stays with finance, as money moves by nobody else.
    if (stage.subject === 'application') expect(stage.escalatesTo).not.toBe(stage.decidedBy);
    else expect(stage.escalatesTo).toBe('finance');
  });

  it('gives only catalogue reasons, has its reason stage and its wrong-reason message in both languages', () => {
    if (stage.subject === 'application') expect(REASON_STAGES).toContain(kind);
    else expect(REASON_STAGES).not.toContain(kind);
    // Applicants read an application's reasons; a batch is rejected in the checker's words for the maker.
    if (stage.subject === 'application') expect(stage.reasonCodes.length).toBeGreaterThan(0);
    expect([...stage.reasonCodes].sort()).toEqual([...reasonCodesFor(kind)].sort());
    for (const code of stage.reasonCodes) expect(REJECTION_REASONS.find((r) => r.code === code)?.stages, code).toContain(kind);
    const message = MESSAGES[`reasonCode.${kind}`];
    expect(message.id.trim() && message.en.trim()).toBeTruthy();
  });

  it('is labelled for the console in Bahasa Indonesia and English', () => {
    expect(stage.label.id.trim()).not.toBe('');
    expect(stage.label.en.trim()).not.toBe('');
  });

  it('moves its subject as the transition table allows, and takes its deadlines from every programme', () => {
    expect(stageWaitingIn(stage.subject, stage.waitsIn)).toBe(kind);
    if (stage.subject === 'application') {
      expect(canTransition(stage.waitsIn, stage.onApprove)).toBe(true);
      expect(canTransition(stage.waitsIn, stage.onReject)).toBe(true);
    } else {
      expect(PAYOUT_BATCH_TRANSITIONS[stage.waitsIn]).toEqual(expect.arrayContaining([stage.onApprove, stage.onReject]));
    }
    for (const program of SEED_PROGRAMS) {
      const deadline = stage.deadline(program);
      expect(deadline.remindAfterSeconds, program.id).toBeGreaterThan(0);
      expect(deadline.escalateAfterSeconds, program.id).toBeGreaterThan(deadline.remindAfterSeconds);
    }
  });

  it('names its subject and kind in its task id, as the routes read it', () => {
    const taskId = taskIdFor(SUBJECT_ID, kind);
    expect(taskIdSchema.safeParse(taskId).success).toBe(true);
    expect(taskKindOf(taskId)).toBe(kind);
    expect(taskIdSchema.safeParse(`${SUBJECT_ID}.${kind}x`).success).toBe(false);
  });

  it('keeps segregation of duties to a stage of the same subject', () => {
    const separation = stage.notDecidedBy;
    if (separation && 'kind' in separation) expect(TASK_STAGES[separation.kind].subject).toBe(stage.subject);
  });
});

describe('the generated human-task states', () => {
  it('have names unique across every stage', () => {
    const names = TASK_KINDS.flatMap((kind) => Object.values(humanTaskStateNames(kind)));
    expect(new Set(names).size).toBe(names.length);
  });

  it('leave the file without them, so a stage exists in the workflow only through the table', () => {
    const file = JSON.parse(readFileSync(APPLICATION_LIFECYCLE.file, 'utf8')) as AslDefinition;
    for (const kind of TASK_KINDS) expect(file.States[humanTaskStateNames(kind).await]).toBeUndefined();
  });

  it('refuse a definition that lacks the slot\'s states or already has a stage\'s state', () => {
    const slot = { subject: 'application' as const, routeState: 'Route', reenterState: 'Load', after: 'Screen' };
    const base = { StartAt: 'Load', States: { Load: { Type: 'Pass', Next: 'Route' }, Route: { Type: 'Choice', Choices: [{ Variable: '$.status', StringEquals: 'S', Next: 'Screen' }] }, Screen: { Type: 'Succeed' } } };
    expect(() => withHumanTaskStages(base, slot)).not.toThrow();
    expect(() => withHumanTaskStages(base, { ...slot, routeState: 'Load' })).toThrow(/not a Choice state/);
    expect(() => withHumanTaskStages(base, { ...slot, after: 'Nowhere' })).toThrow(/no choice of Route/);
    const clash = { ...base, States: { ...base.States, [humanTaskStateNames(TASK_KINDS[0]).await]: { Type: 'Succeed' } } };
    expect(() => withHumanTaskStages(clash, slot)).toThrow(/already has a state/);
  });

  it('leave the consoles naming no stage or role themselves: queues and labels come from the table, screens from GET /api/me', () => {
    const folder = new URL('../../web/js/', import.meta.url);
    const pages = readdirSync(folder).filter((f) => /^(staff|finance|dashboard).*\.js$/.test(f));
    expect(pages).toContain('staff-queue.js');
    for (const page of pages) {
      const source = readFileSync(new URL(page, folder), 'utf8');
      // A string table words the roles for people ('role.verifier': 'verifier'); it decides nothing.
      const names = page.endsWith('-strings.js') ? TASK_KINDS : [...TASK_KINDS, ...STAFF_ROLES];
      for (const name of names) expect(source, `${page} names ${name}`).not.toContain(`'${name}'`);
    }
  });
});

describe('the wait until a task\'s next deadline', () => {
  const opened = { remindAt: '2026-07-06T00:00:00.000Z', dueAt: '2026-07-11T00:00:00.000Z' };
  const at = (iso: string) => new Date(iso);

  it('lasts until the reminder, then until the escalation, then a quiet week', () => {
    expect(secondsToNextDeadline(opened, at('2026-07-01T00:00:00.000Z'))).toBe(5 * 86_400);
    expect(secondsToNextDeadline({ ...opened, remindedAt: '2026-07-06T00:00:01.000Z' }, at('2026-07-06T00:00:01.000Z'))).toBe(5 * 86_400 - 1);
    expect(secondsToNextDeadline({ ...opened, remindedAt: 'x', escalatedAt: 'y' }, at('2026-07-12T00:00:00.000Z'))).toBe(QUIET_WAIT_SECONDS);
  });

  it('wakes at once (1 s) for a deadline already past, rounds up, and never waits past a quiet week', () => {
    expect(secondsToNextDeadline(opened, at('2026-07-07T00:00:00.000Z'))).toBe(1);
    expect(secondsToNextDeadline(opened, at('2026-07-05T23:59:59.500Z'))).toBe(1);
    expect(secondsToNextDeadline({ remindAt: '2027-01-01T00:00:00.000Z', dueAt: '2027-02-01T00:00:00.000Z' }, at('2026-07-01T00:00:00.000Z'))).toBe(QUIET_WAIT_SECONDS);
    // A reminder set after the due date is never the next deadline.
    expect(secondsToNextDeadline({ remindAt: '2026-07-20T00:00:00.000Z', dueAt: opened.dueAt }, at('2026-07-10T00:00:00.000Z'))).toBe(86_400);
  });
});
