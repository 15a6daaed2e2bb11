import express from 'express';
import { Bind, SENT } from '../../http/binding';
import type { Exchange } from './services';

export function exchangeRouter(exchange: Exchange, bind: Bind): express.Router {
  const { deliveries, access, queries, streams } = exchange;
  const router = express.Router();
  bind(router, 'uploadDelivery', async ({ actor, params, query }, res, req) => {
    const { delivery, replayed } = await deliveries.upload(actor, params.resourceId, req, {
      contentType: req.headers['content-type'],
      kind: query.kind ?? 'full',
      onRejected: query.onRejected ?? 'refuse',
      encoding: query.encoding ?? 'auto',
      fileName: query.fileName ?? null,
      idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined,
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return delivery;
  });
  bind(router, 'listDeliveries', ({ actor, params }) => deliveries.listDeliveries(actor, params.resourceId));
  bind(router, 'getDelivery', ({ actor, params }) => deliveries.getDelivery(actor, params.resourceId, Number(params.seq)));
  bind(router, 'downloadGrantData', async ({ actor, params, query }, res) => {
    await deliveries.download(actor, params.grantId, { format: query.format ?? 'csv', since: query.since ?? null }, res);
    return SENT;
  });
  bind(router, 'getGrantTerms', ({ actor, params }) => access.getTerms(actor, params.grantId));
  bind(router, 'setGrantTerms', ({ actor, params, body, ifMatch }) => access.setTerms(actor, params.grantId, body, ifMatch));
  bind(router, 'listAccessRecords', ({ actor, query }) => access.list(actor, query));
  bind(router, 'exportAccessRecords', async ({ actor, query }, res) => {
    await access.export(actor, query, res);
    return SENT;
  });
  bind(router, 'verifyAccessChain', ({ actor }) => access.verifyChain(actor));
  bind(router, 'listOverdueDeliveries', ({ actor }) => streams.overdue(actor));
  bind(router, 'queryGrantData', ({ actor, params, body }) => queries.query(actor, params.grantId, body.input));
  bind(router, 'verifyGrantData', ({ actor, params, body }) => queries.verify(actor, params.grantId, body.values));
  bind(router, 'probeEndpoint', ({ actor, params, body }) => queries.probeNow(actor, params.resourceId, body.mode));
  return router;
}
