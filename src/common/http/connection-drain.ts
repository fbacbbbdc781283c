import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Server } from 'node:http';

/**
 * Ends the kept-alive connections of a server that is shutting down. A
 * client that keeps its connection open may send request after request on
 * it, and server.close() waits for every connection to end, so under
 * steady load the shutdown never finished on its own.
 */
export class ConnectionDrain {
  private draining = false;

  constructor(private readonly server: Server) {}

  /** Adds `Connection: close` to every response once draining started. */
  middleware(): RequestHandler {
    return (_request: Request, response: Response, next: NextFunction) => {
      if (this.draining) response.setHeader('Connection', 'close');
      next();
    };
  }

  /**
   * Stops accepting connections and closes the idle ones. A busy
   * connection closes after the response it is sending, or after the one
   * to a request already on its way.
   */
  start(): void {
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
  }
}
