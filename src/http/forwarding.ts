import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { UpstreamError } from '../errors';

// Calls out of the platform: a query or a verification forwarded to the producer's own endpoint
// (docs/exchange.md "Forwarding"), and a notification posted to a department's webhook
// (docs/notifications.md; ADR 0041), both through this one guard. The platform calls out on a consumer's behalf, so the call must never become a way
// into the platform's own network (server-side request forgery): every address the host name
// resolves to — at connection time, on every redirect — must be a public unicast address, unless
// the operator listed it (EXCHANGE_FORWARD_ALLOW, addresses or CIDR ranges). An address given
// literally in the URL is checked the same way. Plain http is accepted only to a listed address.
// The answer is bounded in time and size, and must be JSON. Why not request-filtering-agent: ADR 0031.

export interface ForwardSettings {
  timeoutMs: number;
  maxBytes: number;
  /** Addresses or CIDR ranges the operator allows although they are not public. */
  allow: string[];
}

const MAX_REDIRECTS = 3;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export class Forwarder {
  private readonly allowed: Range[];

  constructor(private readonly settings: ForwardSettings) {
    this.allowed = settings.allow.map((a) => (a.includes('/') ? ipaddr.parseCIDR(a) : toRange(ipaddr.parse(a))));
  }

  /** Why an address may not be called, or null when it may. */
  refusal(address: string): string | null {
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return '不是有效的 IP 地址 (not an IP address)';
    }
    if (this.allowed.some((r) => ip.kind() === r[0].kind() && ip.match(r))) return null;
    const range = ip.range();
    return range === 'unicast' ? null : `地址 ${address} 属于 ${range} 网段，不允许转发 (a ${range} address)`;
  }

  /** POSTs `body` as JSON and returns the JSON answer. */
  async postJson(url: string, body: unknown): Promise<unknown> {
    const deadline = Date.now() + this.settings.timeoutMs;
    const payload = Buffer.from(JSON.stringify(body));
    let target = new URL(url);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const answer = await this.once(target, payload, {}, deadline, true);
      if (answer.redirect === null) return answer.json;
      target = new URL(answer.redirect, target);
    }
    throw new UpstreamError('too_many_redirects', `接口重定向超过 ${MAX_REDIRECTS} 次 (more than ${MAX_REDIRECTS} redirects)`);
  }

  /**
   * POSTs a JSON payload with extra headers (a webhook's signature) and answers the status code,
   * whatever it is; the answer's body is read and dropped. Redirects are not followed (a 3xx is
   * the answer). Refused addresses, timeouts and broken connections throw UpstreamError.
   */
  async postForStatus(url: string, payload: Buffer, headers: Record<string, string>): Promise<number> {
    const answer = await this.once(new URL(url), payload, headers, Date.now() + this.settings.timeoutMs, false);
    return answer.status;
  }

  private once(
    target: URL,
    payload: Buffer,
    headers: Record<string, string>,
    deadline: number,
    expectJson: boolean,
  ): Promise<{ redirect: string | null; json: unknown; status: number }> {
    const literal = net.isIP(target.hostname.replace(/^\[|\]$/g, '')) !== 0 ? target.hostname.replace(/^\[|\]$/g, '') : null;
    if (literal) {
      const why = this.refusal(literal);
      if (why) return Promise.reject(new UpstreamError('address_refused', why));
    }
    const plain = target.protocol === 'http:';
    if (!plain && target.protocol !== 'https:')
      return Promise.reject(new UpstreamError('address_refused', '接口地址须为 https (https only)'));
    if (plain && literal !== null && !this.isListed(literal)) {
      return Promise.reject(
        new UpstreamError('address_refused', '只有运维列明的内部地址可以用 http，其余须为 https (http only to listed addresses)'),
      );
    }
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const lookup = (hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
        dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
          if (err) return callback(err);
          const list = addresses as dns.LookupAddress[];
          for (const a of list) {
            const why = this.refusal(a.address);
            if (why) return callback(new UpstreamError('address_refused', why));
            if (plain && !this.isListed(a.address)) {
              return callback(
                new UpstreamError('address_refused', '只有运维列明的内部地址可以用 http，其余须为 https (http only to listed addresses)'),
              );
            }
          }
          if (options.all) callback(null, list);
          else callback(null, list[0].address, list[0].family);
        });
      };
      const req = (plain ? http : https).request(
        target,
        {
          method: 'POST',
          lookup: lookup as unknown as net.LookupFunction,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Content-Length': payload.length, ...headers },
          agent: false,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (!expectJson) {
            // Only the status matters: the body is read (bounded) and dropped.
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > this.settings.maxBytes) res.destroy();
            });
            res.on('close', () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({ redirect: null, json: null, status });
            });
            return;
          }
          if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
            settled = true;
            clearTimeout(timer);
            res.resume();
            resolve({ redirect: res.headers.location, json: null, status });
            return;
          }
          if (status < 200 || status > 299) {
            res.resume();
            fail(new UpstreamError('bad_status', `接口答复状态码 ${status} (the endpoint answered ${status})`));
            return;
          }
          if (!/^application\/([\w.+-]*\+)?json\b/i.test(String(res.headers['content-type'] ?? ''))) {
            res.resume();
            fail(new UpstreamError('not_json', '接口答复不是 JSON (the endpoint did not answer JSON)'));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.settings.maxBytes) {
              fail(new UpstreamError('too_large', `接口答复超过 ${this.settings.maxBytes} 字节 (the answer is too large)`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (err) => fail(new UpstreamError('unreachable', `接口连接中断 (connection broken: ${err.message})`)));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            try {
              resolve({ redirect: null, json: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
            } catch {
              reject(new UpstreamError('not_json', '接口答复不是有效的 JSON (the answer is not valid JSON)'));
            }
          });
        },
      );
      const timer = setTimeout(
        () => fail(new UpstreamError('timeout', `接口在 ${this.settings.timeoutMs} 毫秒内未答复 (no answer in time)`)),
        Math.max(deadline - Date.now(), 1),
      );
      req.on('error', (err) =>
        fail(
          err instanceof UpstreamError
            ? err
            : new UpstreamError(
                'unreachable',
                `无法连接接口 (cannot reach the endpoint: ${(err as NodeJS.ErrnoException).code ?? err.message})`,
              ),
        ),
      );
      req.end(payload);
    });
  }

  private isListed(address: string): boolean {
    try {
      const ip = ipaddr.process(address);
      return this.allowed.some((r) => ip.kind() === r[0].kind() && ip.match(r));
    } catch {
      return false;
    }
  }
}

function toRange(ip: ipaddr.IPv4 | ipaddr.IPv6): Range {
  return [ip, ip.kind() === 'ipv4' ? 32 : 128];
}
