/**
 * A body a runtime may send from its source instead of reading the stream itself: a wrapper that
 * only watches its source (the video proxy's idle guard) offers the source here, and the Node
 * entry (api/node.ts), when it recognises the source as an upstream response it can send
 * directly, takes it over — the idle rule goes with it. Nothing else changes: a wrapper nobody
 * takes over is read as the stream it is (on Workers, always).
 */
export interface Handoff {
  /** The stream the wrapper reads from. */
  source: ReadableStream<Uint8Array>;
  /** Longest the source may stay silent while its reader waits for it. */
  idleMs: number;
  /** Tells the wrapper's owner the source fell silent (it gives up on the source and the wrapper). */
  stalled: () => void;
}

const offered = new WeakMap<ReadableStream<Uint8Array>, Handoff>();

/** Offers `wrapper`'s source for a direct send. */
export function offerHandoff(wrapper: ReadableStream<Uint8Array>, handoff: Handoff): void {
  offered.set(wrapper, handoff);
}

/** The source of a wrapper nobody has started reading, once (the caller then sends it instead). */
export function takeHandoff(wrapper: ReadableStream<Uint8Array>): Handoff | undefined {
  const handoff = offered.get(wrapper);
  if (!handoff || wrapper.locked) return undefined;
  offered.delete(wrapper);
  return handoff;
}
