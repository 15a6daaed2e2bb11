import { Knex } from 'knex';
import * as catalog from './20261121000000_catalog';
import * as sharing from './20261121010000_sharing';
import * as onboarding from './20261121020000_onboarding';
import * as auditChain from './20261122000000_audit_chain';
import * as rowVersions from './20261122010000_row_versions';
import * as idempotencyKeys from './20261122020000_idempotency_keys';
import * as idempotencyCommit from './20261122030000_idempotency_commit';
import * as rateLimits from './20261123000000_rate_limits';
import * as searchBigrams from './20261123010000_search_bigrams';
import * as facetIndexes from './20261123020000_facet_indexes';
import * as ftsRows from './20261123030000_fts_rows';
import * as changeNotifications from './20261204000000_change_notifications';
import * as resourcesStatusId from './20261204010000_resources_status_id';
import * as guardedDecisions from './20261205000000_guarded_decisions';
import * as idempotencySecrets from './20261205010000_idempotency_secrets';
import * as itemMasking from './20261205020000_item_masking';
import * as exchangeBatch from './20261205030000_exchange_batch';
import * as exchangeAccess from './20261205040000_exchange_access';
import * as certificates from './20261205050000_certificates';
import * as exchangeRowsIngest from './20261205060000_exchange_rows_ingest';
import * as searchOrder from './20261205070000_search_order';
import * as sortIndexes from './20261205080000_sort_indexes';
import * as nameSearchIndexes from './20261205090000_name_search_indexes';
import * as notifications from './20261206050000_notifications';

// Migrations are listed here rather than found by scanning a folder, so the same list runs from
// TypeScript (tests) and from the compiled build, and a migration cannot be silently skipped.
export const migrations: Array<{ name: string; module: Knex.Migration }> = [
  { name: '20261121000000_catalog', module: catalog },
  { name: '20261121010000_sharing', module: sharing },
  { name: '20261121020000_onboarding', module: onboarding },
  { name: '20261122000000_audit_chain', module: auditChain },
  { name: '20261122010000_row_versions', module: rowVersions },
  { name: '20261122020000_idempotency_keys', module: idempotencyKeys },
  { name: '20261122030000_idempotency_commit', module: idempotencyCommit },
  { name: '20261123000000_rate_limits', module: rateLimits },
  { name: '20261123010000_search_bigrams', module: searchBigrams },
  { name: '20261123020000_facet_indexes', module: facetIndexes },
  { name: '20261123030000_fts_rows', module: ftsRows },
  { name: '20261204000000_change_notifications', module: changeNotifications },
  { name: '20261204010000_resources_status_id', module: resourcesStatusId },
  { name: '20261205000000_guarded_decisions', module: guardedDecisions },
  { name: '20261205010000_idempotency_secrets', module: idempotencySecrets },
  { name: '20261205020000_item_masking', module: itemMasking },
  { name: '20261205030000_exchange_batch', module: exchangeBatch },
  { name: '20261205040000_exchange_access', module: exchangeAccess },
  { name: '20261205050000_certificates', module: certificates },
  { name: '20261205060000_exchange_rows_ingest', module: exchangeRowsIngest },
  { name: '20261205070000_search_order', module: searchOrder },
  { name: '20261205080000_sort_indexes', module: sortIndexes },
  { name: '20261205090000_name_search_indexes', module: nameSearchIndexes },
  { name: '20261206050000_notifications', module: notifications },
];
