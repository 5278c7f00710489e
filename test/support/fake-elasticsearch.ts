// Just enough of Elasticsearch for the bulk sink: `POST /_bulk` with `create` actions,
// per-item answers chosen by the test, 409 for an _id it already holds. The official
// client checks the product header on every answer, so each one carries it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ItemVerdict = 'accept' | 'reject' | 'busy';

export class FakeElasticsearch {
  /** _ids in the order they were indexed. */
  readonly indexed: string[] = [];
  verdict: (id: string) => ItemVerdict = () => 'accept';
  private server: Server | undefined;

  constructor(public port = 0) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    res.setHeader('x-elastic-product', 'Elasticsearch');
    res.setHeader('content-type', 'application/json');

    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/_bulk') {
      res.end(JSON.stringify({ version: { number: '8.19.0' } }));
      return;
    }
    const lines = body.split('\n').filter((line) => line !== '');
    const items = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = JSON.parse(lines[i] as string).create as { _id: string };
      items.push({ create: this.itemResult(action._id) });
    }
    res.end(JSON.stringify({ took: 1, errors: true, items }));
  }

  private itemResult(id: string): object {
    const verdict = this.verdict(id);
    if (verdict === 'reject') {
      const error = { type: 'document_parsing_exception', reason: 'failed to parse field' };
      return { _id: id, status: 400, error };
    }
    if (verdict === 'busy') return { _id: id, status: 429, error: { type: 'es_rejected' } };
    if (this.indexed.includes(id)) return { _id: id, status: 409 };

    this.indexed.push(id);
    return { _id: id, status: 201 };
  }
}
