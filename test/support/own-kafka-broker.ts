import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '../../scripts/kafka/kafka.sh');

/**
 * A second, private Kafka broker (own data directory and ports, the shared jar cache) that a test
 * may stop and start without disturbing the broker every other suite uses.
 */
export class OwnKafkaBroker {
  private readonly home = mkdtempSync(join(tmpdir(), 'sitrep-kafka-'));

  constructor(
    readonly port = 19092,
    private readonly controllerPort = 19093,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.script('start');
  }

  async stop(): Promise<void> {
    await this.script('stop');
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.home, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [SCRIPT, command], {
      env: {
        ...process.env,
        KAFKA_HOME_DIR: this.home,
        KAFKA_LIBS_DIR: resolve(__dirname, '../../.kafka/libs'),
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_BROKERS: this.brokers,
        KAFKA_HEAP_OPTS: '-Xmx384m -Xms128m',
      },
      timeout: 120_000,
    });
  }
}
