#!/usr/bin/env node
/*
 * Waits until a Kafka broker answers an admin describeCluster() call.
 *
 *   node scripts/kafka/wait-for-kafka.js [--timeout SECONDS] [--pid PID] [--quiet]
 *
 * KAFKA_BROKERS (comma-separated, default 127.0.0.1:9092) says where to look.
 * --pid: give up early when that process is gone (used by kafka.sh while the broker starts).
 * Exit codes: 0 the broker answered, 1 timed out, 2 the watched process died.
 */
'use strict';

const { Kafka, logLevel } = require('kafkajs');

function parseArgs(argv) {
  const args = { timeout: 60, pid: undefined, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--timeout') args.timeout = Number(argv[++i]);
    else if (a === '--pid') args.pid = Number(argv[++i]);
    else if (a === '--quiet') args.quiet = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: wait-for-kafka.js [--timeout SECONDS] [--pid PID] [--quiet]');
      process.exit(0);
    } else {
      console.error(`wait-for-kafka: unknown argument ${a}`);
      process.exit(64);
    }
  }
  if (!Number.isFinite(args.timeout) || args.timeout <= 0) {
    console.error('wait-for-kafka: --timeout must be a positive number of seconds');
    process.exit(64);
  }
  return args;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function probe(brokers) {
  const kafka = new Kafka({
    clientId: 'sitrep-wait-for-kafka',
    brokers,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers || cluster.brokers.length === 0)
      throw new Error('no brokers registered yet');
    return cluster;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const deadline = Date.now() + args.timeout * 1000;
  let lastError = 'no attempt made';

  while (Date.now() < deadline) {
    if (args.pid && !alive(args.pid)) {
      console.error(`wait-for-kafka: process ${args.pid} exited before the broker answered`);
      return 2;
    }
    try {
      const cluster = await probe(brokers);
      if (!args.quiet) {
        const ids = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
        console.log(
          `Kafka is answering at ${brokers.join(',')} (cluster ${cluster.clusterId}, brokers ${ids})`,
        );
      }
      return 0;
    } catch (err) {
      lastError = err && err.message ? err.message : String(err);
    }
    await sleep(500);
  }
  if (!args.quiet) {
    console.error(
      `wait-for-kafka: no answer from ${brokers.join(',')} within ${args.timeout}s (last error: ${lastError})`,
    );
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('wait-for-kafka:', err);
    process.exit(1);
  },
);
