import express from 'express';
import { sendAttachment } from '../../http/attachment';
import { Bind, SENT } from '../../http/binding';
import { registrationPdf, registrationWorkbook, XLSX_TYPE_REGISTRATION } from './registration.forms';
import { formDataOf, RegistrationService } from './registration.service';
import { sharingFormPdf, sharingFormWorkbook, XLSX_TYPE } from '../sharing/sharing.forms';

export function registrationRouter(service: RegistrationService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getRegistration', ({ actor, params }) => service.get(actor, params.projectId));
  bind(router, 'fileRegistration', ({ actor, params, body }) => service.file(actor, params.projectId, body));
  bind(router, 'receiveRegistration', ({ actor, params, body }) => service.receive(actor, params.projectId, body));
  bind(router, 'getRegistrationWorkbook', async ({ actor, params }, res) => {
    const r = await service.get(actor, params.projectId);
    const workbook = await registrationWorkbook(formDataOf(r));
    sendAttachment(res, XLSX_TYPE_REGISTRATION, `${r.number}.xlsx`, `信息化项目成果登记表-${r.projectName}.xlsx`, workbook);
    return SENT;
  });
  bind(router, 'getRegistrationPdf', async ({ actor, params }, res) => {
    const r = await service.get(actor, params.projectId);
    const pdf = await registrationPdf(formDataOf(r));
    sendAttachment(res, 'application/pdf', `${r.number}.pdf`, `信息化项目成果登记表-${r.projectName}.pdf`, pdf);
    return SENT;
  });
  // The project's 附件2 (the sharing requests for its entries): the file 附件1 names as item 3 of 项目材料.
  bind(router, 'getProjectSharingForm', async ({ actor, params }, res) => {
    const form = await service.projectSharingForm(actor, params.projectId);
    const workbook = await sharingFormWorkbook(form.requests, { subject: `项目：${form.projectName}`, printedAt: form.printedAt });
    sendAttachment(res, XLSX_TYPE, `sharing-form-${params.projectId}.xlsx`, `数据共享应用（需求）表-${form.projectName}.xlsx`, workbook);
    return SENT;
  });
  bind(router, 'getProjectSharingFormPdf', async ({ actor, params }, res) => {
    const form = await service.projectSharingForm(actor, params.projectId);
    const pdf = await sharingFormPdf(form.requests, { subject: `项目：${form.projectName}`, printedAt: form.printedAt });
    sendAttachment(res, 'application/pdf', `sharing-form-${params.projectId}.pdf`, `数据共享应用（需求）表-${form.projectName}.pdf`, pdf);
    return SENT;
  });
  return router;
}
