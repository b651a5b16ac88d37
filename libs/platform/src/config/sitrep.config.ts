import { isIP as ipFamily } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  isFQDN,
  isIP,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
// More than the longest window in which a sender's retry is recognised: that check reads them.
const RETENTION_DAYS = 'DELIVERY_RETENTION_DAYS must be 0 (keep forever) or 2 to 3650 days';
/** An address to listen on: an IPv4 or IPv6 address, or a host name (no port, no scheme). */
const isListenHost = (value: unknown) =>
  typeof value === 'string' && (isIP(value) || isFQDN(value, { require_tld: false }));

/** Proxies trusted to name the client (X-Forwarded-For): a hop count, or their addresses/CIDRs. */
const isTrustProxy = (value: unknown) =>
  typeof value === 'string' &&
  (/^([1-9]|10)$/.test(value) ||
    value.split(',').every((entry) => {
      const [address, bits, ...rest] = entry.trim().split('/');
      const family = ipFamily(address);
      const maxBits = family === 6 ? 128 : 32;
      const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
      return family !== 0 && prefixOk && rest.length === 0;
    }));

/** Environment variables Sitrep reads. Every one is optional: with none set, Sitrep runs embedded. */
export class SitrepEnvironment {
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @ValidateBy({
    name: 'isListenHost',
    validator: {
      validate: isListenHost,
      defaultMessage: () =>
        'HOST must be an IP address or a host name without port (e.g. 0.0.0.0, ::, 127.0.0.1)',
    },
  })
  HOST?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SITREP_DATA_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, {
    message: 'KAFKA_EVENTS_TOPIC must be 1-200 letters, digits, dots, dashes or underscores',
  })
  KAFKA_EVENTS_TOPIC?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: 'KAFKA_GROUP_PREFIX must be 1-100 letters, digits, dots, dashes or underscores',
  })
  KAFKA_GROUP_PREFIX?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'SITREP_ADMIN_TOKEN must be at least 16 characters' })
  SITREP_ADMIN_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'SITREP_SECRETS_KEY must be 32 bytes in base64 (e.g. openssl rand -base64 32)',
  })
  SITREP_SECRETS_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_RATE_PER_SECOND must be a whole number of deliveries per second' })
  @Min(1)
  @Max(100_000)
  WEBHOOK_RATE_PER_SECOND?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_RATE_BURST must be a whole number of deliveries' })
  @Min(1)
  @Max(1_000_000)
  WEBHOOK_RATE_BURST?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'AUTH_FAILURES_PER_MINUTE must be a whole number of failures' })
  @Min(1)
  @Max(100_000)
  AUTH_FAILURES_PER_MINUTE?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_AUTH_FAILURES must be a whole number (0: no limit)' })
  @Min(0)
  @Max(1_000_000)
  WEBHOOK_AUTH_FAILURES?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: isTrustProxy,
      defaultMessage: () =>
        'TRUST_PROXY must be a number of proxy hops (1-10) or a comma-separated list of proxy addresses or CIDRs',
    },
  })
  TRUST_PROXY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SNS_CONFIRM_SUBSCRIPTIONS must be true or false' })
  SNS_CONFIRM_SUBSCRIPTIONS?: string;

  @Transform(toInt)
  @IsOptional()
  @ValidateIf((env: SitrepEnvironment) => env.DELIVERY_RETENTION_DAYS !== 0)
  @IsInt({ message: RETENTION_DAYS })
  @Min(2, { message: RETENTION_DAYS })
  @Max(3650, { message: RETENTION_DAYS })
  DELIVERY_RETENTION_DAYS?: number;
}

export interface SitrepConfig {
  port: number;
  /** The address the HTTP server listens on; 0.0.0.0 (every IPv4 interface) unless HOST says. */
  host: string;
  database: { url?: string; poolSize: number; dataDir: string };
  kafka: { brokers?: string[]; eventsTopic: string; groupPrefix: string };
  adminToken?: string;
  /** Encrypts integration secrets at rest; embedded mode generates one into the data directory. */
  secretsKey?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Deliveries per integration the webhook intake accepts: sustained per second, and at once. */
  webhookRateLimit: { perSecond: number; burst: number };
  /**
   * Failed authentications a minute, per client address (API and webhooks) and per webhook
   * integration (0: none), before further requests are answered 429 without reading them.
   */
  authFailureLimit: { perClient: number; perIntegration: number; windowSeconds: number };
  /** Which proxies may name the client: a hop count or their addresses; unset: the socket's. */
  trustProxy?: number | string;
  /**
   * Whether the alert processor visits the SubscribeURL of an accepted SNS SubscriptionConfirmation
   * (outbound HTTPS to sns.<region>.amazonaws.com); off where Sitrep may not reach AWS.
   */
  snsConfirmSubscriptions: boolean;
  /** Raw webhook deliveries older than this are deleted once processed; null: kept forever. */
  deliveryRetentionDays: number | null;
}

export class ConfigurationError extends Error {}

/** Validates the environment once at start-up; a wrong value stops the process with its name. */
export function loadSitrepConfig(env: NodeJS.ProcessEnv = process.env): SitrepConfig {
  const parsed = plainToInstance(SitrepEnvironment, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${m}`));
    throw new ConfigurationError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '0.0.0.0',
    database: {
      url: parsed.DATABASE_URL,
      poolSize: parsed.DATABASE_URL ? (parsed.DATABASE_POOL_SIZE ?? 20) : 1,
      dataDir: parsed.SITREP_DATA_DIR ?? './.sitrep',
    },
    kafka: {
      brokers: parsed.KAFKA_BROKERS?.split(','),
      eventsTopic: parsed.KAFKA_EVENTS_TOPIC ?? 'sitrep.incident-events',
      groupPrefix: parsed.KAFKA_GROUP_PREFIX ?? 'sitrep',
    },
    adminToken: parsed.SITREP_ADMIN_TOKEN,
    secretsKey: parsed.SITREP_SECRETS_KEY,
    logLevel: (parsed.LOG_LEVEL as SitrepConfig['logLevel']) ?? 'log',
    webhookRateLimit: {
      perSecond: parsed.WEBHOOK_RATE_PER_SECOND ?? 50,
      burst: parsed.WEBHOOK_RATE_BURST ?? Math.max(200, parsed.WEBHOOK_RATE_PER_SECOND ?? 0),
    },
    authFailureLimit: {
      perClient: parsed.AUTH_FAILURES_PER_MINUTE ?? 20,
      perIntegration: parsed.WEBHOOK_AUTH_FAILURES ?? 100,
      windowSeconds: 60,
    },
    trustProxy: trustProxyOf(parsed.TRUST_PROXY),
    snsConfirmSubscriptions: parsed.SNS_CONFIRM_SUBSCRIPTIONS !== 'false',
    deliveryRetentionDays:
      parsed.DELIVERY_RETENTION_DAYS === 0 ? null : (parsed.DELIVERY_RETENTION_DAYS ?? 30),
  };
}

function trustProxyOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value.replace(/\s+/g, '');
}

export const SITREP_CONFIG = Symbol('sitrep.config');
