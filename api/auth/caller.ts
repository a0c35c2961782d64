import { ApiError } from '../errors.ts';

export const SCOPE_INGEST = 'genshelf:ingest';
export const SCOPE_ADMIN = 'genshelf:admin';

/**
 * Who is calling. Every row that belongs to someone carries one owner key:
 * `user:<sub>` for signed-in users, `anon:<session>` for anonymous visitors.
 */
export type Caller =
  | { kind: 'user'; owner: string; subject: string; scopes: ReadonlySet<string> }
  | { kind: 'anon'; owner: string; session: string; scopes: ReadonlySet<string> }
  | { kind: 'service'; subject: string | null; scopes: ReadonlySet<string> };

export type CallerKind = Caller['kind'];

export const userOwner = (subject: string) => `user:${subject}`;
export const anonOwner = (session: string) => `anon:${session}`;

/** Splits an owner key back into the seed documents' `user_id` / `session_id` fields. */
export function ownerParts(owner: string): { user_id: string | null; session_id: string | null } {
  if (owner.startsWith('user:')) return { user_id: owner.slice(5), session_id: null };
  if (owner.startsWith('anon:')) return { user_id: null, session_id: owner.slice(5) };
  return { user_id: null, session_id: null };
}

/** The owner a user-facing route acts for; services must name one explicitly (see `ingestOwner`). */
export function ownerOf(caller: Caller): string {
  if (caller.kind === 'service') throw new ApiError('forbidden', 'This route acts for a user: call it with the user\'s token');
  return caller.owner;
}

/**
 * The owner an ingest call acts for. A service names it with `user_id` or `session_id`; a user
 * (or anonymous visitor) acts on their own data and may only name themselves.
 */
export function ingestOwner(caller: Caller, named: { user_id?: string | undefined; session_id?: string | undefined }): string {
  const requested = named.user_id ? userOwner(named.user_id) : named.session_id ? anonOwner(named.session_id) : null;
  if (caller.kind === 'service') {
    if (!requested) {
      throw new ApiError('validation_error', 'A service call must name the owner', {
        details: [{ field: 'user_id', message: 'user_id or session_id is required for service calls' }],
      });
    }
    return requested;
  }
  if (requested && requested !== caller.owner) throw new ApiError('forbidden', 'You can only act on your own data');
  return caller.owner;
}

/**
 * The scope a caller's idempotency keys (`task_id`) live in: a service's are its own for each
 * owner it names, an owner's are the owner's own. Two scopes never see each other's keys.
 */
export const taskScope = (caller: Caller, owner: string): string => (caller.kind === 'service' ? `service:${owner}` : owner);
