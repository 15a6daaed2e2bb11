import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// 变更通知 — PostgreSQL tells every instance of the service when the database has changed, so that
// a cached read need not ask on every request (src/db/change-feed.ts, ADR 0021):
// - when the audit chain head moves (every audited write), "<schema> head <seq>";
// - when api_tokens or users change in any way, a hand edit in psql included, "<schema> tokens".
// NOTIFY is transactional: the notice goes out when, and only if, the transaction commits. The
// schema in the payload keeps apart the databases of one server that share the channel (the tests'
// schemas, a staging copy). SQLite has no other process to tell; nothing to do there.

const CHANNEL = 'catalog_changes';

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  await knex.raw(`
    CREATE OR REPLACE FUNCTION notify_audit_head_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANNEL}', TG_TABLE_SCHEMA || ' head ' || NEW.last_seq);
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION notify_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANNEL}', TG_TABLE_SCHEMA || ' tokens');
      RETURN NULL;
    END $$`);
  await knex.raw(
    `CREATE TRIGGER audit_head_moved AFTER INSERT OR UPDATE ON audit_chain_head FOR EACH ROW EXECUTE FUNCTION notify_audit_head_moved()`,
  );
  for (const table of ['api_tokens', 'users']) {
    await knex.raw(
      `CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_tokens_changed()`,
    );
    await knex.raw(
      `CREATE TRIGGER ${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_tokens_changed()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  for (const table of ['api_tokens', 'users']) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_changed ON ${table}`);
    await knex.raw(`DROP TRIGGER IF EXISTS ${table}_truncated ON ${table}`);
  }
  await knex.raw('DROP TRIGGER IF EXISTS audit_head_moved ON audit_chain_head');
  await knex.raw('DROP FUNCTION IF EXISTS notify_audit_head_moved()');
  await knex.raw('DROP FUNCTION IF EXISTS notify_tokens_changed()');
}
