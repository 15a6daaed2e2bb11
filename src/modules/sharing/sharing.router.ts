import express from 'express';
import { sendAttachment } from '../../http/attachment';
import { Bind, SENT } from '../../http/binding';
import { requestListWorkbook, requestSubject, sharingFormPdf, sharingFormWorkbook, XLSX_TYPE } from './sharing.forms';
import { SharingService } from './sharing.service';

const EXPORT_MAX_ROWS = 10_000;

export function sharingRouter(service: SharingService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listSharingRequests', ({ actor, query }) => service.list(actor, query));
  bind(router, 'createSharingRequest', ({ actor, body }) => service.create(actor, body));
  // The fixed paths before /sharing-requests/{requestId}.
  bind(router, 'getSharingRequestStats', ({ actor }) => service.stats(actor));
  bind(router, 'exportSharingRequests', async ({ actor, query }, res) => {
    const rows = await service.exportList(actor, query, EXPORT_MAX_ROWS);
    sendAttachment(res, XLSX_TYPE, 'sharing-requests.xlsx', '数据共享申请.xlsx', await requestListWorkbook(rows));
    return SENT;
  });
  bind(router, 'getSharingRequest', ({ actor, params }) => service.get(actor, params.requestId));
  bind(router, 'updateSharingRequest', ({ actor, params, body, ifMatch }) => service.update(actor, params.requestId, body, ifMatch));
  bind(router, 'getSharingRequestForm', async ({ actor, params }, res) => {
    const request = await service.get(actor, params.requestId);
    const workbook = await sharingFormWorkbook([request], { subject: requestSubject(request), printedAt: service.now() });
    sendAttachment(res, XLSX_TYPE, `${request.number}.xlsx`, `数据共享应用（需求）表-${request.number}.xlsx`, workbook);
    return SENT;
  });
  bind(router, 'getSharingRequestFormPdf', async ({ actor, params }, res) => {
    const request = await service.get(actor, params.requestId);
    const pdf = await sharingFormPdf([request], { subject: requestSubject(request), printedAt: service.now() });
    sendAttachment(res, 'application/pdf', `${request.number}.pdf`, `数据共享应用（需求）表-${request.number}.pdf`, pdf);
    return SENT;
  });
  bind(router, 'submitSharingRequest', ({ actor, params }) => service.submit(actor, params.requestId));
  bind(router, 'cancelSharingRequest', ({ actor, params }) => service.cancel(actor, params.requestId));
  bind(router, 'approveSharingRequest', ({ actor, params, body }) => service.approve(actor, params.requestId, body));
  bind(router, 'rejectSharingRequest', ({ actor, params, body }) => service.reject(actor, params.requestId, body.reason));
  bind(router, 'escalateSharingRequest', ({ actor, params, body }) => service.escalate(actor, params.requestId, body.reason));
  bind(router, 'decideSharingDispute', ({ actor, params, body }) => service.decide(actor, params.requestId, body));
  bind(router, 'listGrants', ({ actor, query }) => service.listGrants(actor, query));
  bind(router, 'getGrant', ({ actor, params }) => service.getGrant(actor, params.grantId));
  bind(router, 'revokeGrant', ({ actor, params, body }) => service.revokeGrant(actor, params.grantId, body.reason));
  return router;
}
