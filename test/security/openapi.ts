/** The operations of the OpenAPI document a running genshelf serves: what the generated suites walk. */
import { expect } from 'vitest';
import type { Target } from '../harness.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Operation {
  /** `METHOD /path/{param}` as the document names it. */
  key: string;
  method: Method;
  path: string;
  tags: string[];
  params: string[];
  query: string[];
  secured: boolean;
  /** Content types of the request body (none: no body). */
  bodyTypes: string[];
  /** Top-level property names of the JSON body's schema, `$ref`s and unions followed. */
  bodyFields: string[];
}

type Json = Record<string, any>;

function fields(schema: Json | undefined, doc: Json, seen = new Set<Json>()): string[] {
  if (!schema || seen.has(schema)) return [];
  seen.add(schema);
  if (typeof schema.$ref === 'string') return fields(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, seen);
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])] as Json[];
  return [...new Set([...Object.keys(schema.properties ?? {}), ...nested.flatMap((s) => fields(s, doc, seen))])];
}

export async function operations(t: Target): Promise<Operation[]> {
  const res = await t.fetch('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Json;
  return Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const parameters = (op.parameters ?? []) as { in: string; name: string }[];
      const content = (op.requestBody?.content ?? {}) as Record<string, Json>;
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Method,
        path,
        tags: op.tags ?? [],
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        secured: !!op.security?.length,
        bodyTypes: Object.keys(content),
        bodyFields: fields(content['application/json']?.schema, doc),
      };
    }),
  );
}

/** `path` with its one `{param}` replaced by `value`. */
export const fill = (path: string, value: string) => path.replace(/\{[^}]+\}/, encodeURIComponent(value));
