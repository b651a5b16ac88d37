import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, jsonLogger, loadSitrepConfig } from '@sitrep/platform';
import { CliModule } from './cli.module';
import { runCommand, USAGE } from './commands';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const config = loadSitrepConfig(process.env);
  const app = await NestFactory.createApplicationContext(CliModule, {
    logger: jsonLogger(config.logLevel === 'log' ? 'warn' : config.logLevel, 'sitrep-cli'),
  });
  try {
    return await runCommand(app.get(CliModule), argv, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigurationError ? error.message : String((error as Error).stack ?? error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
