import { Clock } from '../../clock';
import { Database } from '../../db/database';
import { Area } from '../area';
import type { AuditService } from '../audit/audit.service';
import type { ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { AccessLog } from './access-log';
import { AccessService } from './access.service';
import { AccessStore } from './access.store';
import { CertificateKeys } from './certificate-keys';
import { certificatesPublicRouter, certificatesRouter } from './certificates.router';
import { CertificateService } from './certificates.service';
import { ExchangeGate } from './exchange-gate';
import { exchangeRouter } from './exchange.router';
import { ExchangeService } from './exchange.service';
import { Forwarder, ForwardSettings } from '../../http/forwarding';
import { QueryService } from './query.service';
import { StreamsService } from './streams.service';
import type { Exchange } from './services';

export type { Exchange };

// The exchange area (数据交换): the platform delivers an entry's data to the departments holding a
// grant for it — the granted items only, masked where the entry's rules and the producer's terms
// say — and records every call. Depends on the catalog, sharing (the grants) and the audit trail.

export interface ExchangeAreaDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  resources: ResourceService;
  sharing: SharingService;
  /** Where received files are kept (one folder per entry; docs/exchange.md). */
  filesDir: string;
  /** The installation's key of the keyed-hash masking rule. */
  maskingKey: Buffer;
  /** The largest delivery accepted, in bytes. */
  maxDeliveryBytes: number;
  /** How queries and verifications are forwarded to producers' endpoints. */
  forward: ForwardSettings;
  /** The folder of the certificate signing keys' private halves (ADR 0032). */
  certificateKeysDir: string;
}

export function exchangeArea(deps: ExchangeAreaDeps): Area<Exchange> {
  const accessStore = new AccessStore();
  const accessLog = new AccessLog(deps.db, accessStore, () => deps.clock.now());
  const gate = new ExchangeGate({ ...deps, accessLog, accessStore });
  const deliveries = new ExchangeService({ ...deps, gate });
  const access = new AccessService({ ...deps, accessStore });
  const queries = new QueryService({
    db: deps.db,
    clock: deps.clock,
    resources: deps.resources,
    gate,
    forwarder: new Forwarder(deps.forward),
  });
  const streams = new StreamsService({ db: deps.db, clock: deps.clock });
  const certificateKeys = new CertificateKeys({ db: deps.db, clock: deps.clock, audit: deps.audit, keysDir: deps.certificateKeysDir });
  const certificates = new CertificateService({ ...deps, keys: certificateKeys, gate });
  const service: Exchange = { deliveries, access, gate, accessLog, queries, streams, certificates, certificateKeys };
  return {
    service,
    // One router for the area: the route gate (src/http/route-gate.ts) knows the routers that bind operations.
    router: (bind) => certificatesRouter(certificates, bind, exchangeRouter(service, bind)),
    publicRouter: (bind) => certificatesPublicRouter(certificates, bind),
  };
}
