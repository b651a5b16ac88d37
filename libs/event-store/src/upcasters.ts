import type { Upcaster } from './event-store.types';

export interface UpcastResult {
  schemaVersion: number;
  data: Record<string, unknown>;
}

/**
 * Brings a stored event up to its current shape on read: applies the upcaster for
 * (type, schemaVersion), then the one for the next version, until none matches.
 */
export class UpcasterRegistry {
  private readonly byTypeAndVersion = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = keyOf(upcaster.type, upcaster.fromVersion);
      if (this.byTypeAndVersion.has(key)) {
        throw new Error(`Two upcasters for ${upcaster.type} v${upcaster.fromVersion}`);
      }
      this.byTypeAndVersion.set(key, upcaster);
    }
  }

  get isEmpty(): boolean {
    return this.byTypeAndVersion.size === 0;
  }

  upcast(type: string, schemaVersion: number, data: Record<string, unknown>): UpcastResult {
    let version = schemaVersion;
    let current = data;
    for (;;) {
      const upcaster = this.byTypeAndVersion.get(keyOf(type, version));
      if (!upcaster) return { schemaVersion: version, data: current };
      current = upcaster.upcast(current);
      version += 1;
    }
  }
}

function keyOf(type: string, version: number): string {
  return `${type}@${version}`;
}
