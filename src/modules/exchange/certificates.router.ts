import express from 'express';
import { sendAttachment } from '../../http/attachment';
import { Bind, SENT } from '../../http/binding';
import { CertificateService } from './certificates.service';

// Certificates (docs/certificates.md). Two routers: the operations that need a token, and the
// public ones — the JWKS, the online verification and the verification link a printed QR code
// carries — which the app mounts before the bearer-token check (src/app.ts) and limits per client
// address (x-rate-limited-per-address in the contract).

/** Host names and ports as a Host header may carry them; anything else is not echoed into a link. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The origin this request reached the service at: where the verification link of a certificate points. */
export function originOf(req: express.Request): string {
  const host = req.get('host');
  return `${req.protocol}://${host && HOST.test(host) ? host : 'localhost'}`;
}

/** Binds the operations that need a token, on `router` (the exchange area's one router, which the route gate knows). */
export function certificatesRouter(service: CertificateService, bind: Bind, router: express.Router = express.Router()): express.Router {
  bind(router, 'issueCertificate', ({ actor, params, body }, _res, req) => service.issue(actor, params.resourceId, body, originOf(req)));
  bind(router, 'listCertificates', ({ actor, query }, _res, req) => service.list(actor, query, originOf(req)));
  bind(router, 'getCertificate', ({ actor, params }, _res, req) => service.get(actor, params.certificateId, originOf(req)));
  bind(router, 'revokeCertificate', ({ actor, params, body }, _res, req) =>
    service.revoke(actor, params.certificateId, body.reason, originOf(req)),
  );
  bind(router, 'getCertificatePdf', async ({ actor, params, query }, res, req) => {
    const { pdf, certificate } = await service.pdf(actor, params.certificateId, query.grantId ?? null, originOf(req));
    res.setHeader('Cache-Control', 'no-store');
    sendAttachment(
      res,
      'application/pdf',
      `certificate-${certificate.id}.pdf`,
      `${certificate.certificateType}-${certificate.number}.pdf`,
      pdf,
    );
    return SENT;
  });
  bind(router, 'listCertificateKeys', ({ actor }) => service.listKeys(actor));
  bind(router, 'listGrantCertificates', async ({ actor, params, query }, res, req) => {
    const answer = await service.forGrant(actor, params.grantId, query.holderId, originOf(req));
    res.setHeader('Cache-Control', 'no-store');
    return answer;
  });
  return router;
}

export function certificatesPublicRouter(service: CertificateService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getCertificateJwks', async (_call, res) => {
    const jwks = await service.jwks();
    // Verifiers may keep it a while; one that meets an unknown kid fetches it again (docs/certificates.md).
    res.setHeader('Cache-Control', 'public, max-age=300');
    return jwks;
  });
  bind(router, 'verifyCertificate', async ({ body }, res) => {
    res.setHeader('Cache-Control', 'no-store');
    return service.verify(body.jws);
  });
  bind(router, 'getCertificateVerification', async ({ params }, res) => {
    res.setHeader('Cache-Control', 'no-store');
    return service.verificationLink(params.certificateId);
  });
  return router;
}
