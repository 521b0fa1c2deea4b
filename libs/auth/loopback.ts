/** Whether a listen address only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export class UnsafeBindingError extends Error {
  readonly code = 'UNSAFE_BINDING';
  constructor(host: string) {
    super(
      `refusing to listen on ${host} with no API keys: anyone who can reach it could submit and ` +
        'cancel runs. Set API_KEYS (and API_READ_KEYS), or listen on 127.0.0.1.',
    );
    this.name = 'UnsafeBindingError';
  }
}

/** An open API is only allowed where nobody else can reach it. */
export function assertSafeBinding(host: string, keys: { admin: string[]; read: string[] }): void {
  if (keys.admin.length === 0 && keys.read.length === 0 && !isLoopbackHost(host)) {
    throw new UnsafeBindingError(host);
  }
}
