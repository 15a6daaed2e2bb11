import type { AccessLog } from './access-log';
import type { AccessService } from './access.service';
import type { CertificateKeys } from './certificate-keys';
import type { CertificateService } from './certificates.service';
import type { ExchangeGate } from './exchange-gate';
import type { ExchangeService } from './exchange.service';
import type { QueryService } from './query.service';
import type { StreamsService } from './streams.service';

/** The exchange's services, as other areas and the area's routers use them (built in index.ts). */
export interface Exchange {
  deliveries: ExchangeService;
  access: AccessService;
  gate: ExchangeGate;
  accessLog: AccessLog;
  queries: QueryService;
  /** Delivery streams that stopped, and what the exchange observed of each entry (onboarding's evidence). */
  streams: StreamsService;
  /** Electronic certificates (docs/certificates.md) and the keys that sign them. */
  certificates: CertificateService;
  certificateKeys: CertificateKeys;
}
