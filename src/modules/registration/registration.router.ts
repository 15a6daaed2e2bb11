import express from 'express';
import { BodyOf } from '../../http/api-types';
import { sendAttachment as attachment } from '../../http/attachment';
import { ModuleContext } from '../context';
import { registrationPdf, registrationWorkbook, XLSX_TYPE_REGISTRATION } from './registration.forms';
import { formDataOf } from './registration.service';

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
    attachment(
      res,
      XLSX_TYPE_REGISTRATION,
      `registration-${r.projectId}.xlsx`,
      `信息化项目成果登记表-${r.projectName}.xlsx`,
      await registrationWorkbook(formDataOf(r)),
    );
  });
  ctx.bind(router, 'getRegistrationPdf', async (req, res) => {
    const r = await service.get(req.actor, id(req));
    attachment(
      res,
      'application/pdf',
      `registration-${r.projectId}.pdf`,
      `信息化项目成果登记表-${r.projectName}.pdf`,
      await registrationPdf(formDataOf(r)),
    );
  });
  return router;
}
