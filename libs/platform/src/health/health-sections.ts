import { Injectable } from '@nestjs/common';

/** A part of the process /health reports on besides the database (e.g. Kafka). */
export interface HealthSection {
  /** `up`, or why not yet: `starting` while it connects, `down` when it cannot. */
  status: 'up' | 'starting' | 'down';
  [detail: string]: unknown;
}

/**
 * What other libraries add to /health. Only the database decides the answer's status code: the
 * intake and the commands work without the rest, so an orchestrator must not restart or drain a
 * process because Kafka is away; the sections say what is degraded.
 */
@Injectable()
export class HealthSections {
  private readonly sections = new Map<string, () => HealthSection | Promise<HealthSection>>();

  register(name: string, read: () => HealthSection | Promise<HealthSection>): void {
    this.sections.set(name, read);
  }

  async read(): Promise<Record<string, HealthSection>> {
    const entries = await Promise.all(
      [...this.sections].map(async ([name, read]) => [name, await read()] as const),
    );
    return Object.fromEntries(entries);
  }
}
