/**
 * workerd sends a plain stream chunked and drops Content-Length; its FixedLengthStream keeps the
 * exact length (so players and browsers see real sizes). Elsewhere the header alone is enough.
 */
export function withKnownLength(body: ReadableStream<Uint8Array>, length: number | bigint): ReadableStream<Uint8Array> {
  const Fixed = (globalThis as { FixedLengthStream?: new (n: number | bigint) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream;
  return Fixed ? body.pipeThrough(new Fixed(length)) : body;
}
