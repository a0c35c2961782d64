import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { ApiError, type ErrorDetail } from '../errors.ts';

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

export function issuesToDetails(issues: readonly Issue[]): ErrorDetail[] {
  return issues.flatMap((i) =>
    // An unknown key is named as the field it is (`?user_id=` on a route that takes none), not as its parent.
    i.code === 'unrecognized_keys' && i.keys
      ? i.keys.map((key) => ({ field: [...i.path.map(String), key].join('.'), message: 'is not a known field' }))
      : [{ field: i.path.map(String).join('.') || '(body)', message: i.message }],
  );
}

/** The one validation hook: every zod failure (query, params, JSON body) becomes a 422. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw new ApiError('validation_error', 'The request is not valid', { details: issuesToDetails(result.error.issues) });
  }
};

/** Every route module builds its router here, so all share the validation hook and OpenAPI registry. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export type Router = ReturnType<typeof createRouter>;
