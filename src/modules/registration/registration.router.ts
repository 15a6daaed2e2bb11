import express from 'express';
import { sendAttachment } from '../../http/attachment';
import { Bind, SENT } from '../../http/binding';
import { registrationPdf, registrationWorkbook, XLSX_TYPE_REGISTRATION } from './registration.forms';
import { formDataOf, RegistrationService } from './registration.service';

export function registrationRouter(service: RegistrationService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getRegistration', ({ actor, params }) => service.get(actor, params.projectId));
  bind(router, 'fileRegistration', ({ actor, params, body }) => service.file(actor, params.projectId, body));
  bind(router, 'receiveRegistration', ({ actor, params, body }) => service.receive(actor, params.projectId, body));
  bind(router, 'getRegistrationWorkbook', async ({ actor, params }, res) => {
    const r = await service.get(actor, params.projectId);
    const workbook = await registrationWorkbook(formDataOf(r));
    sendAttachment(res, XLSX_TYPE_REGISTRATION, `registration-${r.projectId}.xlsx`, `信息化项目成果登记表-${r.projectName}.xlsx`, workbook);
    return SENT;
  });
  bind(router, 'getRegistrationPdf', async ({ actor, params }, res) => {
    const r = await service.get(actor, params.projectId);
    const pdf = await registrationPdf(formDataOf(r));
    sendAttachment(res, 'application/pdf', `registration-${r.projectId}.pdf`, `信息化项目成果登记表-${r.projectName}.pdf`, pdf);
    return SENT;
  });
  return router;
}
