import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';

// A real listening server for tests that send requests at the same moment: each call is a separate
// HTTP request on its own connection (Node's fetch), so the service handles them as it would
// clients' — interleaved, each with its own transaction.

export interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string; id: string };
  headers: Headers;
}

export interface LiveServer {
  url: string;
  call: (token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;
  close: () => Promise<void>;
}

export async function listen(app: express.Express): Promise<LiveServer> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async call(token, method, path, body, headers = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
