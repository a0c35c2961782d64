/** What the seed surfaces (/api/me/jobs, /api/generations, /api/user-generations) say alike. */

/** The seeds say `pending` where genshelf says `queued`. */
export function fromSeedStatus<S extends string>(status: S): Exclude<S, 'pending'> | 'queued' {
  return (status === 'pending' ? 'queued' : status) as Exclude<S, 'pending'> | 'queued';
}
