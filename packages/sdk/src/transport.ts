import type { Transport } from '@fedcloud/openstack';

export interface TransportOptions {
  /** Extra CA bundle (PEM) trusted besides the system CAs. */
  caFile?: string;
  /** Folder of CA certificates (IGTF style: *.pem, *.0). */
  caDir?: string;
  timeoutMs?: number;
  /** One line per request: method, URL (query redacted), status, ms. Never a token. */
  debug?: (line: string) => void;
}

/** An undici-based transport trusting the system CAs plus the given ones. */
export function createTransport(_options: TransportOptions = {}): Transport {
  throw new Error('not implemented yet');
}
