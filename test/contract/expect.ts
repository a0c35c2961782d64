/** Assertions on the API's standard error body, shared by the contract and security suites. */
import { expect } from 'vitest';
import type { Reply } from '../harness.ts';

/** The standard error body (SPEC §4.1) with the X-Request-ID header matching `request_id`. */
export function expectError(r: Reply, status: number, code: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.body, r.text).toMatchObject({ error: code, message: expect.any(String), request_id: expect.any(String) });
  expect(r.body.message.length, r.text).toBeGreaterThan(0);
  expect(r.body.request_id.length, r.text).toBeGreaterThan(0);
  expect(r.headers.get('x-request-id'), r.text).toBe(r.body.request_id);
}

/** A 422 whose `details` name `field`. */
export function expectInvalid(r: Reply, field?: string) {
  expectError(r, 422, 'validation_error');
  expect(Array.isArray(r.body.details), r.text).toBe(true);
  expect(r.body.details.length, r.text).toBeGreaterThan(0);
  for (const d of r.body.details) expect(d, r.text).toMatchObject({ field: expect.any(String), message: expect.any(String) });
  if (field) expect(r.body.details.map((d: { field: string }) => d.field), r.text).toContain(field);
}

