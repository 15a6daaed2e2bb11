import express from 'express';
import { BodyOf } from '../../http/api-types';
import { sendAttachment } from '../../http/attachment';
import { ModuleContext } from '../context';
import { requestFormWorkbook, requestListWorkbook, XLSX_TYPE } from './sharing.forms';
import { GrantListQuery, RequestListQuery } from './sharing.service';

const EXPORT_MAX_ROWS = 10_000;

function sendWorkbook(res: express.Response, asciiName: string, filename: string, body: Buffer): void {
  sendAttachment(res, XLSX_TYPE, asciiName, filename, body);
}

export function sharingRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.sharing;
  const id = (req: express.Request) => req.valid.params.requestId;
  const reason = (req: express.Request) => (req.valid.body as { reason: string }).reason;

  ctx.bind(router, 'listSharingRequests', async (req, res) => {
    res.json(await service.list(req.actor, req.valid.query as RequestListQuery));
  });
  ctx.bind(router, 'createSharingRequest', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createSharingRequest'>));
  });
  // The fixed paths before /sharing-requests/{requestId}.
  ctx.bind(router, 'getSharingRequestStats', async (req, res) => {
    res.json(await service.stats(req.actor));
  });
  ctx.bind(router, 'exportSharingRequests', async (req, res) => {
    const rows = await service.exportList(req.actor, req.valid.query as RequestListQuery, EXPORT_MAX_ROWS);
    sendWorkbook(res, 'sharing-requests.xlsx', '数据共享申请.xlsx', await requestListWorkbook(rows));
  });
  ctx.bind(router, 'getSharingRequest', async (req, res) => {
    const request = await service.get(req.actor, id(req));
    res.json(request);
  });
  ctx.bind(router, 'updateSharingRequest', async (req, res) => {
    const request = await service.update(req.actor, id(req), req.valid.body as BodyOf<'updateSharingRequest'>, req.headers['if-match']);
    res.json(request);
  });
  ctx.bind(router, 'getSharingRequestForm', async (req, res) => {
    const request = await service.get(req.actor, id(req));
    sendWorkbook(
      res,
      `sharing-request-${request.id}.xlsx`,
      `数据共享应用（需求）表-${request.resourceName}.xlsx`,
      await requestFormWorkbook(request),
    );
  });
  ctx.bind(router, 'submitSharingRequest', async (req, res) => {
    res.json(await service.submit(req.actor, id(req)));
  });
  ctx.bind(router, 'cancelSharingRequest', async (req, res) => {
    res.json(await service.cancel(req.actor, id(req)));
  });
  ctx.bind(router, 'approveSharingRequest', async (req, res) => {
    res.json(await service.approve(req.actor, id(req), req.valid.body as BodyOf<'approveSharingRequest'>));
  });
  ctx.bind(router, 'rejectSharingRequest', async (req, res) => {
    res.json(await service.reject(req.actor, id(req), reason(req)));
  });
  ctx.bind(router, 'escalateSharingRequest', async (req, res) => {
    res.json(await service.escalate(req.actor, id(req), reason(req)));
  });
  ctx.bind(router, 'decideSharingDispute', async (req, res) => {
    res.json(await service.decide(req.actor, id(req), req.valid.body as BodyOf<'decideSharingDispute'>));
  });
  ctx.bind(router, 'listGrants', async (req, res) => {
    res.json(await service.listGrants(req.actor, req.valid.query as GrantListQuery));
  });
  ctx.bind(router, 'getGrant', async (req, res) => {
    res.json(await service.getGrant(req.actor, req.valid.params.grantId));
  });
  ctx.bind(router, 'revokeGrant', async (req, res) => {
    res.json(await service.revokeGrant(req.actor, req.valid.params.grantId, reason(req)));
  });
  return router;
}
