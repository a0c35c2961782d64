/** `parseConfig`: typed settings from plain environment strings, and readable refusals (SPEC §9). */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../api/config.ts';

const good = {
  AUTH_JWT_SECRET: 'j'.repeat(32),
  SIGNING_SECRET: 's'.repeat(32),
  INGEST_TOKEN: 'i'.repeat(24),
};

/** The ConfigError message for `env`; fails the test if parsing succeeds. */
function refusal(env: Record<string, unknown>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const c = parseConfig(good);
    expect(c).toMatchObject({
      DATABASE_URL: 'file:.data/genshelf.db',
      FILE_URL_TTL_S: 3600,
      TRASH_RETENTION_DAYS: 30,
      MAX_UPLOAD_BYTES: 512 * 1024 * 1024,
      VIDEO_MAPPING_EXPIRATION_HOURS: 24,
      VIDEO_MAPPING_CLEANUP_INTERVAL_HOURS: 6,
      CORS_ORIGINS: [],
      UPSTREAM_ALLOWED_HOSTS: [],
      UPSTREAM_ALLOW_HTTP: false,
      UPSTREAM_ALLOW_PRIVATE: false,
      SEED_DEMO_DATA: false,
    });
    expect(c.AUTH_ISSUER).toBeUndefined();
    expect(c.AUTH_JWKS_URL).toBeUndefined();
  });

  it('storage quotas: users unlimited, anonymous sessions 200 MiB by default; bytes or `unlimited` when set', () => {
    expect(parseConfig(good)).toMatchObject({ QUOTA_BYTES_USER: null, QUOTA_BYTES_ANON: 200 * 1024 * 1024, ANON_INGEST_RATE_LIMIT: 120, MAX_HEADER_BYTES: 16 * 1024, UPSTREAM_IDLE_TIMEOUT_MS: 15_000 });
    expect(parseConfig({ ...good, QUOTA_BYTES_USER: '5000000000', QUOTA_BYTES_ANON: 'unlimited' })).toMatchObject({ QUOTA_BYTES_USER: 5_000_000_000, QUOTA_BYTES_ANON: null });
    for (const bad of ['0', '-5', '1.5', 'lots']) expect(refusal({ ...good, QUOTA_BYTES_ANON: bad })).toMatch(/QUOTA_BYTES_ANON/);
  });

  it('parses numbers, lists and flags from strings (and accepts real numbers and booleans)', () => {
    const c = parseConfig({
      ...good,
      TRASH_RETENTION_DAYS: '7',
      FILE_URL_TTL_S: 60,
      CORS_ORIGINS: ' https://a.example , https://b.example ,, ',
      UPSTREAM_ALLOWED_HOSTS: 'cdn.example:8443',
      UPSTREAM_ALLOW_HTTP: 'yes',
      UPSTREAM_ALLOW_PRIVATE: true,
      SEED_DEMO_DATA: 'off',
    });
    expect(c).toMatchObject({
      TRASH_RETENTION_DAYS: 7,
      FILE_URL_TTL_S: 60,
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
      UPSTREAM_ALLOWED_HOSTS: ['cdn.example:8443'],
      UPSTREAM_ALLOW_HTTP: true,
      UPSTREAM_ALLOW_PRIVATE: true,
      SEED_DEMO_DATA: false,
    });
  });

  it.each([
    ['1', true],
    ['true', true],
    ['on', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['off', false],
    ['no', false],
  ])('flag %s → %s', (v, expected) => {
    expect(parseConfig({ ...good, UPSTREAM_ALLOW_HTTP: v }).UPSTREAM_ALLOW_HTTP).toBe(expected);
  });

  it('treats empty and blank strings as unset', () => {
    const c = parseConfig({ ...good, AUTH_ISSUER: '', AUTH_AUDIENCE: '   ', TRASH_RETENTION_DAYS: '', PUBLIC_BASE_URL: '' });
    expect(c.AUTH_ISSUER).toBeUndefined();
    expect(c.AUTH_AUDIENCE).toBeUndefined();
    expect(c.PUBLIC_BASE_URL).toBeUndefined();
    expect(c.TRASH_RETENTION_DAYS).toBe(30);
  });

  it('ignores unknown keys (a whole process.env can be passed)', () => {
    expect(() => parseConfig({ ...good, PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'test' })).not.toThrow();
  });

  it('a JWKS URL replaces the shared secret', () => {
    const { AUTH_JWT_SECRET: _, ...rest } = good;
    const c = parseConfig({ ...rest, AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json' });
    expect(c.AUTH_JWT_SECRET).toBeUndefined();
    expect(c.AUTH_JWKS_URL).toBe('https://id.example.com/.well-known/jwks.json');
  });

  it('with nothing set, names every missing secret, one line each', () => {
    const msg = refusal({});
    expect(msg).toMatch(/^genshelf cannot start, the configuration is invalid:/);
    for (const key of ['AUTH_JWT_SECRET', 'SIGNING_SECRET', 'INGEST_TOKEN']) expect(msg).toMatch(new RegExp(`^  ${key}: .+`, 'm'));
    expect(msg).toMatch(/AUTH_JWKS_URL/);
    expect(msg.split('\n')).toHaveLength(4);
  });

  it.each([
    ['AUTH_JWT_SECRET', 'x'.repeat(31), /at least 32/],
    ['SIGNING_SECRET', 'x'.repeat(31), /at least 32/],
    ['INGEST_TOKEN', 'x'.repeat(23), /at least 24/],
  ])('a short %s is refused with a readable reason', (key, value, reason) => {
    const msg = refusal({ ...good, [key]: value });
    const line = msg.split('\n').find((l) => l.includes(key));
    expect(line, msg).toMatch(reason);
    // The refusal must not echo the secret.
    expect(msg).not.toContain(value);
  });

  it.each([
    ['AUTH_JWKS_URL', 'not a url'],
    ['AUTH_JWKS_URL', 'jwks.json'],
    ['PUBLIC_BASE_URL', 'example.com'],
  ])('a bad URL in %s (%s) is refused', (key, value) => {
    expect(refusal({ ...good, [key]: value })).toMatch(new RegExp(`^  ${key}: `, 'm'));
  });

  it.each([
    ['TRASH_RETENTION_DAYS', 'abc'],
    ['TRASH_RETENTION_DAYS', '0'],
    ['TRASH_RETENTION_DAYS', '-1'],
    ['TRASH_RETENTION_DAYS', '1.5'],
    ['FILE_URL_TTL_S', 'Infinity'],
    ['MAX_UPLOAD_BYTES', '10MB'],
    ['VIDEO_MAPPING_EXPIRATION_HOURS', 'NaN'],
    ['VIDEO_MAPPING_CLEANUP_INTERVAL_HOURS', '-6'],
  ])('a bad number in %s (%s) is refused', (key, value) => {
    expect(refusal({ ...good, [key]: value })).toMatch(new RegExp(`^  ${key}: `, 'm'));
  });

  it.each(['maybe', 'Y', '2', 'enabled'])('a flag that is not a flag (%s) is refused', (value) => {
    expect(refusal({ ...good, UPSTREAM_ALLOW_HTTP: value })).toMatch(/^ {2}UPSTREAM_ALLOW_HTTP: /m);
  });

  it('reports several problems at once', () => {
    const msg = refusal({ ...good, SIGNING_SECRET: 'short', TRASH_RETENTION_DAYS: 'x', PUBLIC_BASE_URL: 'nope' });
    for (const key of ['SIGNING_SECRET', 'TRASH_RETENTION_DAYS', 'PUBLIC_BASE_URL']) expect(msg).toContain(`  ${key}: `);
  });
});
