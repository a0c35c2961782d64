/** Structured, levelled logging; one JSON line per record so logs stay greppable in both runtimes. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function consoleLogger(minLevel: 'info' | 'warn' | 'error' = 'info'): Logger {
  const order = { info: 0, warn: 1, error: 2 } as const;
  const emit = (level: keyof typeof order) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
    (level === 'error' ? console.error : console.log)(line);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
