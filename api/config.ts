import * as z from 'zod';

/**
 * Every setting genshelf reads, parsed from plain environment strings (Node `process.env`,
 * Worker vars/secrets) at the boundary, so the rest of the code sees typed values only.
 */
const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Bytes, or `unlimited` (→ null). */
const quota = (fallback: number | null) =>
  z
    .union([z.literal('unlimited'), z.coerce.number().int().positive()])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'unlimited' ? null : v));

const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const secret = z.string().min(32, 'must be at least 32 characters').optional();

export const configSchema = z
  .object({
    DATABASE_URL: z.string().min(1).default('file:.data/genshelf.db'),
    AUTH_JWT_SECRET: secret,
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    INGEST_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
    SIGNING_SECRET: secret,
    CORS_ORIGINS: csv,
    PUBLIC_BASE_URL: z.url().optional(),
    FILE_URL_TTL_S: positiveInt(3600),
    TRASH_RETENTION_DAYS: positiveInt(30),
    MAX_UPLOAD_BYTES: positiveInt(512 * 1024 * 1024),
    MAX_JSON_BYTES: positiveInt(1024 * 1024),
    /** Bytes of files a signed-in user may keep (the trash included, until purged); null: no limit. */
    QUOTA_BYTES_USER: quota(null),
    /** Bytes of files an anonymous session may keep (the trash included, until purged); null: no limit. */
    QUOTA_BYTES_ANON: quota(200 * 1024 * 1024),
    /** Ingest writes (create, progress, retry, uploads) an anonymous session may make per hour. */
    ANON_INGEST_RATE_LIMIT: positiveInt(120),
    VIDEO_MAPPING_EXPIRATION_HOURS: positiveInt(24),
    VIDEO_MAPPING_CLEANUP_INTERVAL_HOURS: positiveInt(6),
    UPSTREAM_ALLOWED_HOSTS: csv,
    UPSTREAM_ALLOW_HTTP: flag.default(false),
    UPSTREAM_ALLOW_PRIVATE: flag.default(false),
    /** How long the video proxy waits for an upstream's response headers. */
    UPSTREAM_TIMEOUT_MS: positiveInt(10_000),
    /** How long the video proxy waits for the provider's next body chunk before it gives up on both sides. */
    UPSTREAM_IDLE_TIMEOUT_MS: positiveInt(15_000),
    ANON_SESSION_TTL_DAYS: positiveInt(30),
    /** Anonymous sessions one client address may start per hour. */
    ANON_SESSION_RATE_LIMIT: positiveInt(30),
    /** How long counted views of public links wait to be written together (api/services/views.ts). */
    VIEW_FLUSH_MS: positiveInt(1000),
    /** Memory for finished list pages kept per owner and version (api/services/page-cache.ts); 0 keeps none. */
    PAGE_CACHE_MB: z.coerce.number().int().min(0).default(16),
    /** How long `/health` reuses the database's last answer (api/services/health.ts); 0 asks every time. */
    HEALTH_DB_CHECK_MS: z.coerce.number().int().min(0).default(1000),
    SEED_DEMO_DATA: flag.default(false),
    /** `production` keeps the demo user's token from ever being handed out (api/lib/demo-page.ts). */
    NODE_ENV: z.string().optional(),
    /** Node: the most bytes of request line and headers a request may send (more is a 431 with the standard body). */
    MAX_HEADER_BYTES: positiveInt(16 * 1024),
    /** Node: how long a statement waits for another process's lock on the database file before the request gets a 503. */
    DB_BUSY_TIMEOUT_MS: positiveInt(5000),
  })
  .superRefine((c, ctx) => {
    if (!c.AUTH_JWT_SECRET && !c.AUTH_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWT_SECRET'],
        message: 'set AUTH_JWT_SECRET (HS256 shared secret) or AUTH_JWKS_URL to verify user tokens',
      });
    }
    if (!c.SIGNING_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SIGNING_SECRET'], message: 'is required (32+ characters)' });
    }
    if (!c.INGEST_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['INGEST_TOKEN'], message: 'is required (24+ characters)' });
    }
  });

export type ConfigInput = z.input<typeof configSchema>;

/** The parsed configuration; secrets are guaranteed present after `parseConfig`. */
export type Config = Omit<z.output<typeof configSchema>, 'SIGNING_SECRET' | 'INGEST_TOKEN'> & {
  SIGNING_SECRET: string;
  INGEST_TOKEN: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses settings from an environment record. Empty strings count as unset, so an
 * `.env` line like `AUTH_ISSUER=` does not turn into an (invalid) empty issuer.
 * @throws ConfigError with one readable line per bad setting.
 */
export function parseConfig(env: Record<string, unknown>): Config {
  const known = Object.keys(configSchema.shape);
  const input: Record<string, unknown> = {};
  for (const key of known) {
    const value = env[key];
    if (typeof value === 'string' && value.trim() !== '') input[key] = value.trim();
    else if (typeof value === 'number' || typeof value === 'boolean') input[key] = String(value);
  }
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`genshelf cannot start, the configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data as Config;
}
