import type { Knex } from 'knex';
import type { Logger } from 'pino';

/**
 * knex's own warnings and errors (a pool that cannot connect, a deprecation) through the service's
 * structured logger, rather than printed as plain text beside the JSON log.
 */
export function knexLogger(logger: Logger): Knex.Config['log'] {
  const log = logger.child({ component: 'knex' });
  const text = (message: unknown) => (typeof message === 'string' ? message : JSON.stringify(message));
  return {
    warn: (message: unknown) => log.warn(text(message)),
    error: (message: unknown) => log.error(text(message)),
    deprecate: (method: string, alternative: string) => log.warn({ method, alternative }, 'knex deprecation'),
    debug: (message: unknown) => log.debug(text(message)),
  };
}
