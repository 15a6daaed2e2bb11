import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';
import { registrationPdf, registrationWorkbook, XLSX_TYPE_REGISTRATION } from './registration.forms';
import { formDataOf } from './registration.service';

// HTTP headers are Latin-1: an ASCII name for old clients, the Chinese one in filename* (RFC 6266).
function attachment(res: express.Response, type: string, asciiName: string, filename: string, body: Buffer): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  res.send(body);
}

export function registrationRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.registration;
  const id = (req: express.Request) => req.valid.params.projectId;
  ctx.bind(router, 'getRegistration', async (req, res) => {
    res.json(await service.get(req.actor, id(req)));
  });
  ctx.bind(router, 'fileRegistration', async (req, res) => {
    res.status(201).json(await service.file(req.actor, id(req), req.valid.body as BodyOf<'fileRegistration'>));
  });
  ctx.bind(router, 'receiveRegistration', async (req, res) => {
    res.json(await service.receive(req.actor, id(req), req.valid.body as BodyOf<'receiveRegistration'>));
  });
  ctx.bind(router, 'getRegistrationWorkbook', async (req, res) => {
    const r = await service.get(req.actor, id(req));
    attachment(res, XLSX_TYPE_REGISTRATION, `registration-${r.projectId}.xlsx`, `信息化项目成果登记表-${r.projectName}.xlsx`, await registrationWorkbook(formDataOf(r)));
  });
  ctx.bind(router, 'getRegistrationPdf', async (req, res) => {
    const r = await service.get(req.actor, id(req));
    attachment(res, 'application/pdf', `registration-${r.projectId}.pdf`, `信息化项目成果登记表-${r.projectName}.pdf`, await registrationPdf(formDataOf(r)));
  });
  return router;
}
