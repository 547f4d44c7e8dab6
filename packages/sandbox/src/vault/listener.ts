import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex, pipeline } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import type { RequestListener, TlsMaterial } from '../site/listener.js';
import { ListMethodRewriter } from './list-method.js';

/**
 * The Vault's port: like the sites' Listener (same TLS material, start/stop), but each
 * connection's bytes pass through ListMethodRewriter before Node's HTTP parser sees them, so that
 * the LIST requests of Vault clients arrive as `GET ?list=true` instead of a 400.
 */
export class VaultListener {
  readonly #outer: NetServer;
  readonly #http: HttpServer;
  readonly #sockets = new Set<Socket>();
  readonly #host: string;
  #port: number;
  #listening = false;
  #handler: RequestListener;

  constructor(options: {
    host: string;
    port: number;
    tls?: TlsMaterial;
    handler: RequestListener;
  }) {
    this.#host = options.host;
    this.#port = options.port;
    this.#handler = options.handler;
    this.#http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      void this.#handler(req, res);
    });
    // As on the sites: python-requests keeps connections alive; no header or request timeouts.
    this.#http.headersTimeout = 0;
    this.#http.requestTimeout = 0;
    const encrypted = options.tls !== undefined;
    const accept = (socket: Socket) => {
      this.#http.emit('connection', listAwareStream(socket, encrypted));
    };
    this.#outer = options.tls
      ? createTlsServer(
          {
            cert: options.tls.certPem,
            key: options.tls.keyPem,
            ...(options.tls.ticketKeys ? { ticketKeys: options.tls.ticketKeys } : {}),
          },
          accept,
        )
      : createNetServer(accept);
    this.#outer.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** For a service whose handler needs its own URL first (the mytoken server names itself). */
  setHandler(handler: RequestListener): void {
    this.#handler = handler;
  }

  get port(): number {
    const address = this.#outer.address();
    return typeof address === 'object' && address ? address.port : this.#port;
  }

  async start(): Promise<void> {
    if (this.#listening) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `Port ${this.#port} on ${this.#host} is already in use. Stop the other process or choose another port (--vault-port).`,
                { cause: error },
              )
            : error,
        );
      };
      this.#outer.once('error', onError);
      this.#outer.listen(this.#port, this.#host, () => {
        this.#outer.off('error', onError);
        resolve();
      });
    });
    this.#listening = true;
    this.#port = this.port;
  }

  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.#outer.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }
}

/**
 * The connection as the HTTP server reads it: bytes from the socket through the rewriter,
 * responses straight to the socket, and the few socket members Node's server and hono use.
 */
function listAwareStream(socket: Socket, encrypted: boolean): Duplex {
  const rewriter = new ListMethodRewriter();
  pipeline(socket, rewriter, () => undefined);
  const stream = Duplex.from({ readable: rewriter, writable: socket });
  socket.on('timeout', () => stream.emit('timeout'));
  return Object.assign(stream, {
    encrypted,
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    setTimeout(ms: number, callback?: () => void) {
      socket.setTimeout(ms);
      if (callback) stream.once('timeout', callback);
      return stream;
    },
    setNoDelay(noDelay?: boolean) {
      socket.setNoDelay(noDelay);
      return stream;
    },
    setKeepAlive(enable?: boolean, delay?: number) {
      socket.setKeepAlive(enable, delay);
      return stream;
    },
    destroySoon() {
      if (stream.writable) stream.end(() => stream.destroy());
      else stream.destroy();
    },
  });
}
