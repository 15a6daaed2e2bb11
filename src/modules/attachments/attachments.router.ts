import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import { AttachmentObjectType } from '../../domain/attachment-kinds';
import { asciiFileName } from '../../domain/file-types';
import { Bind, SENT } from '../../http/binding';
import { AttachmentService, UploadOptions } from './attachments.service';

export function attachmentsRouter(service: AttachmentService, bind: Bind): express.Router {
  const router = express.Router();
  const optionsOf = (req: express.Request, query: { kind: string; fileName: string }): UploadOptions => ({
    kind: query.kind,
    fileName: query.fileName,
    contentType: req.headers['content-type'],
    contentLength: req.headers['content-length'],
    idempotencyKey: typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined,
  });
  const upload = async (
    objectType: AttachmentObjectType,
    objectId: string,
    req: express.Request,
    res: express.Response,
    query: { kind: string; fileName: string },
  ) => {
    const { attachment, replayed } = await service.upload(req.actor, objectType, objectId, req, optionsOf(req, query));
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return attachment;
  };
  bind(router, 'uploadProjectAttachment', ({ params, query }, res, req) => upload('project', params.projectId, req, res, query));
  bind(router, 'listProjectAttachments', ({ actor, params }) => service.list(actor, 'project', params.projectId));
  bind(router, 'uploadRegistrationAttachment', ({ params, query }, res, req) => upload('registration', params.projectId, req, res, query));
  bind(router, 'listRegistrationAttachments', ({ actor, params }) => service.list(actor, 'registration', params.projectId));
  bind(router, 'uploadConnectionAttachment', ({ params, query }, res, req) => upload('connection', params.connectionId, req, res, query));
  bind(router, 'listConnectionAttachments', ({ actor, params }) => service.list(actor, 'connection', params.connectionId));
  bind(router, 'getAttachment', ({ actor, params }) => service.get(actor, params.attachmentId));
  bind(router, 'downloadAttachment', async ({ actor, params }, res) => {
    const { attachment, file } = await service.content(actor, params.attachmentId);
    const stream = fs.createReadStream(file);
    // Opened before the headers go: a file that vanished is still a problem answer, not a cut download.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    res.status(200);
    res.setHeader('Content-Type', attachment.mediaType);
    res.setHeader('Content-Length', String(attachment.bytes));
    // HTTP headers are Latin-1: the Chinese name goes in filename* (RFC 6266), an ASCII one for old clients.
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${asciiFileName(attachment.fileName)}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('ETag', `"${attachment.sha256}"`);
    await pipeline(stream, res);
    return SENT;
  });
  bind(router, 'deleteAttachment', async ({ actor, params }, res) => {
    await service.remove(actor, params.attachmentId);
    res.status(204).end();
    return SENT;
  });
  return router;
}
