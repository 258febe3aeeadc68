import { scheduledRoutineInput, type ScheduleSpec } from '../../layers/contracts/wiring';
import type { CronExpression } from './cron';
import { cronOccurrencesBetween, parseCron } from './cron';

/** Invokes a schedule's target with its input (the input JSON itself is the event, as Scheduler does for Lambda). */
export type ScheduleTargetInvoker = (input: unknown, schedule: ScheduleSpec, scheduledAt: number) => Promise<unknown>;

/** Every fire time of a wiring schedule within (fromMs, toMs], ascending UTC epoch ms. */
export function occurrencesBetween(schedule: Pick<ScheduleSpec, 'cron' | 'timezone'>, fromMs: number, toMs: number): number[] {
  let cron = parsedCache.get(schedule.cron);
  if (!cron) {
    cron = parseCron(schedule.cron);
    parsedCache.set(schedule.cron, cron);
  }
  return cronOccurrencesBetween(cron, schedule.timezone, fromMs, toMs);
}

const parsedCache = new Map<string, CronExpression>();

export interface LocalSchedulerOptions {
  /** The schedules (normally the wiring's SCHEDULES). */
  readonly schedules: readonly ScheduleSpec[];
  /** Invoker per schedule target (normally an async invoker of the target function). */
  readonly invoke: ScheduleTargetInvoker;
  /** The input per schedule; defaults to the wiring's {@link scheduledRoutineInput}, as the CDK app gives. */
  readonly inputFor?: (schedule: ScheduleSpec) => unknown;
}

/** One fire, for logs and tests. */
export interface ScheduledFire {
  readonly schedule: string;
  readonly at: number;
}

/**
 * EventBridge Scheduler driven by the replay's market clock: `advance(t0, t1)` fires every occurrence of every
 * schedule in (t0, t1] in time order (schedules due at the same instant in declaration order), awaiting each
 * invocation before the next so the routines run in the order their times say.
 */
export class LocalScheduler {
  private readonly parsed: readonly { readonly spec: ScheduleSpec; readonly cron: CronExpression }[];
  private fired = 0;

  constructor(private readonly options: LocalSchedulerOptions) {
    // Parse up front: a bad expression fails start-up, as CreateSchedule would.
    this.parsed = options.schedules.map((spec) => ({ spec, cron: parseCron(spec.cron) }));
  }

  /** Number of fires so far. */
  get fireCount(): number {
    return this.fired;
  }

  /** The fires due in (fromMs, toMs], in order, without invoking anything. */
  due(fromMs: number, toMs: number): ScheduledFire[] {
    const fires: { schedule: string; at: number; order: number }[] = [];
    this.parsed.forEach(({ spec, cron }, order) => {
      for (const at of cronOccurrencesBetween(cron, spec.timezone, fromMs, toMs)) fires.push({ schedule: spec.name, at, order });
    });
    fires.sort((a, b) => a.at - b.at || a.order - b.order);
    return fires.map(({ schedule, at }) => ({ schedule, at }));
  }

  /** Fires and awaits every occurrence in (fromMs, toMs]; returns what fired. */
  async advance(fromMs: number, toMs: number): Promise<readonly ScheduledFire[]> {
    const fires = this.due(fromMs, toMs);
    const byName = new Map(this.parsed.map(({ spec }) => [spec.name, spec]));
    for (const fire of fires) {
      const spec = byName.get(fire.schedule);
      if (!spec) continue;
      const input = (this.options.inputFor ?? scheduledRoutineInput)(spec);
      // Each target gets its own copy of the input, as each Scheduler invocation carries its own payload.
      await this.options.invoke(structuredClone(input), spec, fire.at);
      this.fired += 1;
    }
    return fires;
  }
}
