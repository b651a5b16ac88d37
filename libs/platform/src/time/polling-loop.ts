/**
 * The loop every poller shares (the forwarder, in-process projections, the alert processor, the
 * timer dispatcher): one pass at a time; woken during a pass, it runs another right after (wakes
 * coalesce); otherwise the next pass comes after the delay its owner picks each time (the poll
 * interval, a standby's retry, a backoff after failures). A pass handles its own errors.
 */
export class PollingLoop {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly delayMs: () => number,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Lets the pass under way finish; no other starts. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.passing;
  }

  /** A pass now, or right after the one under way. */
  wake(): void {
    if (!this.running) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.passing = this.passes().finally(() => {
      this.passing = null;
      this.schedule();
    });
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
    } while (this.again && this.running);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => this.wake(), this.delayMs());
    this.timer.unref();
  }
}
