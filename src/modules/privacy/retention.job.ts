import type { MikroORM } from '@mikro-orm/postgresql';
import { applyRetention, RetentionResult, RetentionSettings } from './retention.service';

const DAY_MS = 86_400_000;

/**
 * The hub's retention job: runs `applyRetention` right after the start and then once a day. Its
 * timer does not keep the process alive; stopping waits for a run in progress. Every instance runs
 * it: the statements are idempotent, so concurrent runs only find less to do.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionResult | null> = Promise.resolve(null);
  private stopped = false;
  /** The first run's result (null when it failed: the failure is logged). */
  firstRun: Promise<RetentionResult | null> = Promise.resolve(null);

  constructor(
    private readonly orm: MikroORM,
    private readonly settings: RetentionSettings,
    private readonly log: { info(m: string): void; error(m: string, e?: unknown): void },
    private readonly intervalMs = DAY_MS,
  ) {}

  start(): void {
    this.firstRun = this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs once now (after a run in progress). */
  run(): Promise<RetentionResult | null> {
    this.running = this.running.then(async () => {
      if (this.stopped) return null;
      try {
        const result = await applyRetention(this.orm.em.fork(), this.settings);
        const { auditEntriesRemoved, auditEntriesBlanked, staffErased } = result;
        if (auditEntriesRemoved || auditEntriesBlanked || staffErased) {
          this.log.info(
            `Retention: removed ${auditEntriesRemoved} audit entries, blanked personal data in ${auditEntriesBlanked}, erased ${staffErased} inactive staff members`,
          );
        }
        return result;
      } catch (e) {
        this.log.error('Retention job failed; it runs again tomorrow', e);
        return null;
      }
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
