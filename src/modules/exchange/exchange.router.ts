import express from 'express';
import { Bind, SENT } from '../../http/binding';
import { ExchangeService } from './exchange.service';

export function exchangeRouter(service: ExchangeService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'uploadDelivery', async ({ actor, params, query }, res, req) => {
    const { delivery, replayed } = await service.upload(actor, params.resourceId, req, {
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
  bind(router, 'listDeliveries', ({ actor, params }) => service.listDeliveries(actor, params.resourceId));
  bind(router, 'getDelivery', ({ actor, params }) => service.getDelivery(actor, params.resourceId, Number(params.seq)));
  bind(router, 'downloadGrantData', async ({ actor, params, query }, res) => {
    await service.download(actor, params.grantId, { format: query.format ?? 'csv', since: query.since ?? null }, res);
    return SENT;
  });
  return router;
}
