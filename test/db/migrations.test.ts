import { Knex } from 'knex';
import { migrateToLatest, rollbackAll } from '../../src/db/migrate';
import { freshDatabase, TestDb } from '../support/db';
import { migrations } from '../../migrations';

// Migrations run up, down and up again on each database, and the schema they build matches the
// recorded snapshot: a schema change without a migration (or a migration without updating the
// snapshot on purpose) fails here.

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase({ migrate: false });
});
afterAll(async () => {
  await t.destroy();
});

async function columns(db: Knex, dialect: string): Promise<Record<string, string[]>> {
  const tables =
    dialect === 'sqlite'
      ? (
          await db.raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'knex_%' AND name NOT LIKE 'resources_fts%' AND name NOT LIKE 'resources_bigrams%'",
          )
        ).map((r: { name: string }) => r.name)
      : (
          await db.raw(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE 'knex_%'",
          )
        ).rows.map((r: { name: string }) => r.name);
  const out: Record<string, string[]> = {};
  for (const table of (tables as string[]).sort()) {
    const info = await db(table).columnInfo();
    out[table] = Object.keys(info).sort();
  }
  return out;
}

const SNAPSHOT: Record<string, string[]> = {
  idempotency_keys: [
    'committed_at',
    'created_at',
    'fingerprint',
    'idempotency_key',
    'object_id',
    'object_type',
    'response_json',
    'status_code',
    'user_id',
  ],
  onboarding_connections: [
    'confirmed_at',
    'confirmed_by',
    'declared_at',
    'declared_by',
    'evidence',
    'id',
    'mode',
    'occurred_at',
    'reference',
    'resource_id',
  ],
  onboarding_verifications: ['covered_json', 'id', 'project_id', 'snapshot_json', 'verified_at', 'verified_by'],
  project_registrations: [
    'acceptance_materials',
    'data_format',
    'handler',
    'outcomes',
    'project_id',
    'receipt_notes',
    'received_at',
    'received_by',
    'received_on',
    'receiver',
    'receiving_department_id',
    'registered_at',
    'registered_by',
    'registered_on',
    'scope_and_desensitization',
    'shared',
    'sharing_request_forms',
    'total_data_volume',
  ],
  rate_limit_hits: ['hits', 'key', 'window_start'],
  project_stage_events: ['action', 'actor_id', 'at', 'from_stage', 'note', 'project_id', 'seq', 'to_stage'],
  calendar_days: ['day', 'kind', 'name', 'year'],
  calendar_years: ['row_version', 'source', 'updated_at', 'year'],
  grants: [
    'consumer_department_id',
    'created_at',
    'granted_by',
    'id',
    'items_json',
    'producer_department_id',
    'provision_mode',
    'purpose',
    'request_id',
    'resource_id',
    'revoke_reason',
    'revoked_at',
    'revoked_by',
    'scope_of_use',
    'status',
    'suspended_at',
    'updated_at',
    'valid_from',
    'valid_until',
  ],
  sharing_requests: [
    'answered_at',
    'answered_by',
    'approval_comment',
    'approved_items_json',
    'approved_period_end',
    'approved_period_start',
    'basis',
    'bureau_decided_at',
    'bureau_decided_by',
    'bureau_decision',
    'bureau_reason',
    'consumer_department_id',
    'created_at',
    'decision',
    'due_at',
    'due_date',
    'escalated_at',
    'escalation_reason',
    'grant_id',
    'id',
    'items_json',
    'period_end',
    'period_start',
    'producer_department_id',
    'provision_mode',
    'purpose',
    'reject_reason',
    'requested_by',
    'resource_id',
    'row_version',
    'scope_of_use',
    'status',
    'submitted_at',
    'updated_at',
  ],
  api_tokens: ['created_at', 'expires_at', 'id', 'name', 'revoked_at', 'token_hash', 'user_id'],
  audit_chain_head: ['id', 'last_hash', 'last_seq'],
  audit_checkpoints: ['event_seq', 'head_hash', 'id', 'key_id', 'signature', 'signed_at'],
  audit_events: [
    'action',
    'client_address',
    'department_id',
    'details_json',
    'hash',
    'id',
    'object_department_id',
    'object_id',
    'object_type',
    'occurred_at',
    'prev_hash',
    'related_department_id',
    'request_id',
    'result',
    'seq',
    'user_id',
  ],
  departments: ['created_at', 'credit_code', 'id', 'is_bureau', 'level', 'name', 'row_version', 'updated_at'],
  projects: [
    'acceptance_delay_count',
    'acceptance_delay_new_date',
    'acceptance_delay_reason',
    'acceptance_delay_reported_at',
    'accepted_at',
    'approved_budget_fen',
    'code',
    'completed_at',
    'construction_started_at',
    'content',
    'created_at',
    'id',
    'name',
    'no_request_declaration',
    'no_request_declared_at',
    'owner_department_id',
    'preliminary_accepted_at',
    'rectification_findings',
    'rectification_of',
    'row_version',
    'stage',
    'trial_started_at',
    'updated_at',
  ],
  resource_code_sequences: ['category_code', 'last_value'],
  resource_items: [
    'data_type',
    'description',
    'desensitization_rule',
    'length',
    'name',
    'normalized_name',
    'position',
    'query_role',
    'resource_id',
    'sensitive',
  ],
  resource_provision_modes: ['mode', 'resource_id'],
  resource_versions: ['action', 'changed_fields_json', 'created_at', 'created_by', 'reason', 'resource_id', 'snapshot_json', 'version'],
  resources: [
    'category_code',
    'classification',
    'code',
    'created_at',
    'created_by',
    'department_id',
    'duplicate_candidates_json',
    'format',
    'format_detail',
    'id',
    'item_count',
    'name',
    'open_conditions',
    'open_type',
    'project_id',
    'provision_modes_json',
    'published_at',
    'related_codes_json',
    'return_reason',
    'row_version',
    'scope_of_use',
    'search_name',
    'search_text',
    'sharing_basis',
    'sharing_conditions',
    'sharing_type',
    'status',
    'submitted_at',
    'summary',
    'total_bytes',
    'total_records',
    'update_cycle',
    'updated_at',
    'version',
    'video_json',
    'withdraw_reason',
    'withdrawn_at',
  ],
  users: ['active', 'created_at', 'department_id', 'id', 'name', 'roles_json', 'row_version', 'updated_at'],
};

describe('migrations', () => {
  it('are listed in timestamp order with unique names', () => {
    const names = migrations.map((m) => m.name);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('build the recorded schema, tear it down completely and build it again', async () => {
    await migrateToLatest(t.db);
    expect(await columns(t.db, t.dialect)).toEqual(SNAPSHOT);
    await rollbackAll(t.db);
    expect(await columns(t.db, t.dialect)).toEqual({});
    await migrateToLatest(t.db);
    expect(await columns(t.db, t.dialect)).toEqual(SNAPSHOT);
  });

  it('add and remove what the column snapshot cannot see: the (status, id) index, and on PostgreSQL the change-notification triggers and functions', async () => {
    // Functions outlive the tables they serve, so a down() that forgot one would pass the snapshot.
    const objects = async () => {
      if (t.dialect === 'sqlite') {
        const rows = await t.db.raw(
          "SELECT type, name FROM sqlite_master WHERE name = 'resources_status_id' OR type = 'trigger' ORDER BY name",
        );
        return rows.map((r: { type: string; name: string }) => `${r.type} ${r.name}`);
      }
      const indexes = await t.db.raw(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'resources_status_id'",
      );
      // pg_trigger, not information_schema.triggers, which leaves out TRUNCATE triggers.
      const triggers = await t.db.raw(
        'SELECT tg.tgname AS name FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT tg.tgisinternal',
      );
      const functions = await t.db.raw(
        "SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.proname LIKE 'notify_%'",
      );
      return [
        ...indexes.rows.map((r: { name: string }) => `index ${r.name}`),
        ...triggers.rows.map((r: { name: string }) => `trigger ${r.name}`),
        ...functions.rows.map((r: { name: string }) => `function ${r.name}`),
      ].sort();
    };
    await migrateToLatest(t.db);
    expect(await objects()).toEqual(
      t.dialect === 'sqlite'
        ? ['index resources_status_id']
        : [
            'function notify_audit_head_moved',
            'function notify_tokens_changed',
            'index resources_status_id',
            'trigger api_tokens_changed',
            'trigger api_tokens_truncated',
            'trigger audit_head_moved',
            'trigger users_changed',
            'trigger users_truncated',
          ],
    );
    await rollbackAll(t.db);
    expect(await objects()).toEqual([]);
    await migrateToLatest(t.db);
  });

  it('allow one bureau department only, even when two registrations race past the service check', async () => {
    const at = new Date().toISOString();
    const row = (id: string, isBureau: boolean) => ({
      id,
      name: `部门${id}`,
      credit_code: `code-${id}`,
      level: 'municipal',
      is_bureau: isBureau,
      created_at: at,
      updated_at: at,
    });
    await t.db('departments').insert([row('b1', true), row('d1', false), row('d2', false)]);
    // Matched on the message: jest's toThrow() does not always recognise a driver's error class.
    await expect(t.db('departments').insert(row('b2', true))).rejects.toMatchObject({
      message: expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
    });
    await t.db('departments').whereIn('id', ['b1', 'd1', 'd2']).delete();
  });

  it('enforce foreign keys on every connection', async () => {
    await expect(
      t.db('users').insert({
        id: 'u1',
        name: 'x',
        department_id: 'no-such-department',
        roles_json: '[]',
        active: true,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY constraint failed|violates foreign key constraint/) });
  });
});
