import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /**
   * Session ticket keys shared by every listener. Clients cache TLS sessions by host name, and
   * every site is the same host on another port: with a server's own keys, the session one site
   * gave was refused by the next, and each connection paid a full handshake.
   */
  ticketKeys?: Buffer;
}

export type RequestListener = (
  req: IncomingMessage,
  res: ServerResponse,
) => void | Promise<unknown>;

/**
 * A listening port that can be taken down and brought back (a dead site refuses connections) and
 * can be told to hang (a site that accepts and never answers, the worst case for clients).
 */
export class Listener {
  readonly #server: Server;
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
    hang?: () => boolean;
  }) {
    this.#host = options.host;
    this.#port = options.port;
    this.#handler = options.handler;
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      if (options.hang?.()) return; // leave the socket open and silent
      void this.#handler(req, res);
    };
    this.#server = options.tls
      ? createHttpsServer(
          {
            cert: options.tls.certPem,
            key: options.tls.keyPem,
            ...(options.tls.ticketKeys ? { ticketKeys: options.tls.ticketKeys } : {}),
          },
          handler,
        )
      : createHttpServer(handler);
    // python-requests keeps connections alive between calls; node's default 5 s keep-alive is fine,
    // but headers must not time out while a slow fault is injected.
    this.#server.headersTimeout = 0;
    this.#server.requestTimeout = 0;
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** For servers whose handler needs the bound port first (the issuer must know its own URL). */
  setHandler(handler: RequestListener): void {
    this.#handler = handler;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : this.#port;
  }

  get listening(): boolean {
    return this.#listening;
  }

  async start(): Promise<void> {
    if (this.#listening) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(portError(error, this.#host, this.#port));
      this.#server.once('error', onError);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
    this.#listening = true;
    // A site taken down and brought back must come back on the same port, even if 0 picked it.
    this.#port = this.port;
  }

  /** Closes the port and drops every open connection, as a crashed site would. */
  async stop(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }
}

export function honoListener(app: Hono): RequestListener {
  return getRequestListener(app.fetch);
}

function portError(error: Error, host: string, port: number): Error {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} on ${host} is already in use. Stop the other process or choose other ports (--issuer-port, --sites-port).`,
      { cause: error },
    );
  }
  return error;
}
