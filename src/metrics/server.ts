import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { MetricsListenError } from './errors.js';
import { type HealthReport, report } from './health.js';

export interface HealthSource {
  liveness(): HealthReport;
  readiness(): HealthReport;
}

const STARTING = report([{ code: 'STARTING' }]);

/**
 * GET /metrics, /healthz and /readyz on one node:http listener. It starts before the
 * hooks attach, so both probes answer 503 `STARTING` until a sensor is attached.
 */
export class MetricsServer {
  private health: HealthSource | undefined;

  private constructor(
    private readonly server: Server,
    private readonly registry: Registry,
  ) {
    server.on('request', (req, res) => void this.route(req, res));
  }

  static async listen(registry: Registry, host: string, port: number): Promise<MetricsServer> {
    const server = createServer();

    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(new MetricsListenError(host, port, error.code ?? error.message));
      });
      server.listen(port, host, resolve);
    });
    return new MetricsServer(server, registry);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  attach(health: HealthSource): void {
    this.health = health;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];

    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'GET only\n');
    if (path === '/healthz') return replyHealth(res, this.health?.liveness() ?? STARTING);
    if (path === '/readyz') return replyHealth(res, this.health?.readiness() ?? STARTING);
    if (path !== '/metrics') return reply(res, 404, 'text/plain', 'not found\n');

    try {
      reply(res, 200, this.registry.contentType, await this.registry.metrics());
    } catch (error) {
      reply(res, 500, 'text/plain', `${(error as Error).message}\n`);
    }
  }
}

function replyHealth(res: ServerResponse, health: HealthReport): void {
  const body = JSON.stringify(health.problems.length === 0 ? { status: 'ok' } : health);

  reply(res, health.status === 'ok' ? 200 : 503, 'application/json', `${body}\n`);
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
