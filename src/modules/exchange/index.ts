import { Area } from '../area';
import { exchangeRouter } from './exchange.router';
import { ExchangeDeps, ExchangeService } from './exchange.service';

// The exchange area (数据交换): the platform delivers an entry's data to the departments holding a
// grant for it — the granted items only, masked where the entry's rules say — and records every
// access. Depends on the catalog, sharing (the grants) and the audit trail.
export function exchangeArea(deps: ExchangeDeps): Area<ExchangeService> {
  const service = new ExchangeService(deps);
  return { service, router: (bind) => exchangeRouter(service, bind) };
}
