import { X509Certificate } from 'node:crypto';
import { connect, type SecureContext } from 'node:tls';
import type { EndpointCaInfo } from './types.js';

/** What the provider publishes when the TLS check fails or the endpoint is not HTTPS. */
const UNKNOWN_CA: EndpointCaInfo = { issuer: 'UNKNOWN', trustedCas: ['UNKNOWN'] };

export interface CaProbeOptions {
  /** Trust for the handshake (system roots plus --ca-file); node's defaults when absent. */
  secureContext?: SecureContext;
  timeoutMs?: number;
}

/**
 * The issuer of the endpoint's certificate in OpenSSL's one-line form (`/C=NL/O=…/CN=…`), read
 * from a verified TLS handshake as cloud-info-provider's `get_endpoint_ca_information` does. The
 * CA names a server sends when it asks for client certificates are not exposed by node's TLS, so
 * TrustedCA is empty, which is what servers that do not ask for client certificates give.
 * Failures are never errors: they publish UNKNOWN, as the provider does.
 */
export async function probeEndpointCa(
  endpointUrl: string,
  options: CaProbeOptions = {},
): Promise<{ info: EndpointCaInfo; warning?: string }> {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    return { info: UNKNOWN_CA, warning: `cannot parse endpoint URL ${endpointUrl}` };
  }
  if (url.protocol !== 'https:') return { info: UNKNOWN_CA };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 443 : Number(url.port);
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIp(host) ? {} : { servername: host }),
      ...(options.secureContext ? { secureContext: options.secureContext } : {}),
      rejectUnauthorized: true,
    });
    const done = (result: { info: EndpointCaInfo; warning?: string }): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(options.timeoutMs ?? 10_000, () =>
      done({ info: UNKNOWN_CA, warning: `timeout when getting CA info from ${url.host}` }),
    );
    socket.once('secureConnect', () => {
      const raw = socket.getPeerX509Certificate?.();
      if (!raw) {
        done({ info: UNKNOWN_CA, warning: `${url.host} sent no certificate` });
        return;
      }
      done({ info: { issuer: oneLineName(raw), trustedCas: [] } });
    });
    socket.once('error', (error: Error) =>
      done({
        info: UNKNOWN_CA,
        warning: `issue when getting CA info from ${url.host}: ${error.message}`,
      }),
    );
  });
}

/** `C=NL\nO=Example\nCN=Example CA` → `/C=NL/O=Example/CN=Example CA` (X509_NAME_oneline). */
function oneLineName(certificate: X509Certificate): string {
  return certificate.issuer
    .split('\n')
    .filter((part) => part !== '')
    .map((part) => `/${part}`)
    .join('');
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
