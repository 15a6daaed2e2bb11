import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { DIALECT } from '../support/db';
import { completeEntry, createWorld, publishEntry, World } from '../support/world';

// Deleting a draft made by mistake (误建草稿, docs/resources.md): the owning department's producers
// delete a draft or returned entry that was never published, with its items and search rows, in one
// transaction with its audit event; a published or withdrawn entry is withdrawn, never deleted.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

async function draft(name: string, actor: 'police' | 'civil' = 'police') {
  const res = await w.as(actor).post('/api/v1/resources').send(completeEntry({ name })).expect(201);
  return { id: res.body.id as string, etag: res.headers.etag as string };
}

/** Every row anywhere that names the entry: its own, its items and modes, and SQLite's search rows. */
async function rowsOf(id: string): Promise<Record<string, number>> {
  const count = async (table: string, column = 'resource_id') => Number((await w.db(table).where(column, id).count('* as n').first())?.n);
  const rows: Record<string, number> = {
    resources: await count('resources', 'id'),
    resource_items: await count('resource_items'),
    resource_provision_modes: await count('resource_provision_modes'),
    resource_versions: await count('resource_versions'),
  };
  if (DIALECT === 'sqlite') {
    rows.resources_fts_entries = await count('resources_fts_entries', 'id');
    for (const table of [
      'resources_fts',
      'resources_bigrams',
      'resources_fts_names',
      'resources_fts_name_pairs',
      'resources_fts_text_chars',
      'resources_fts_name_chars',
    ]) {
      rows[table] = Number((await w.db.raw(`SELECT count(*) AS n FROM ${table} WHERE resource_id = ?`, [id]))[0].n);
    }
  }
  return rows;
}

const searchNames = async (q: string, status = 'draft') =>
  (await w.as('police').get('/api/v1/resources').query({ q, status }).expect(200)).body.items.map((i: { name: string }) => i.name);

describe('deleting a draft that was never published', () => {
  it('removes the draft, its items and its search rows in one go, and records its name and code in the audit trail', async () => {
    const d = await draft('误建的户籍草稿目录');
    const before = await rowsOf(d.id);
    expect(before.resources).toBe(1);
    expect(before.resource_items).toBe(4);
    if (DIALECT === 'sqlite') expect(before.resources_fts).toBe(1);
    // Read and searched first, so the read cache holds the entry and the search.
    await w.as('police').get(`/api/v1/resources/${d.id}`).expect(200);
    expect(await searchNames('误建的户籍')).toEqual(['误建的户籍草稿目录']);
    const facets = async () =>
      (await w.as('police').get('/api/v1/resources/facets').query({ q: '误建的户籍', status: 'draft' }).expect(200)).body.total;
    expect(await facets()).toBe(1);

    const res = await w.as('police').delete(`/api/v1/resources/${d.id}`).set('If-Match', d.etag);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(Object.values(await rowsOf(d.id)).every((n) => n === 0)).toBe(true);
    expectProblem(await w.as('police').get(`/api/v1/resources/${d.id}`), 404, 'not_found');
    expectProblem(await w.as('bureau').get(`/api/v1/resources/${d.id}`), 404, 'not_found');
    expect(await searchNames('误建的户籍')).toEqual([]);
    expect(await facets()).toBe(0);
    const event = await w.db('audit_events').where({ object_type: 'resource', object_id: d.id, action: 'resource.deleted' }).first();
    expect(JSON.parse(event.details_json)).toEqual({ name: '误建的户籍草稿目录', categoryCode: '101', status: 'draft', code: null });
    expect(event.user_id).toBe(w.userId.police);
    expect(event.object_department_id).toBe(w.departmentId.police);
    // The department reads its own trail's deletion; another department does not see it.
    const own = await w.as('police').get('/api/v1/audit-events').query({ objectType: 'resource', objectId: d.id }).expect(200);
    expect(own.body.items.map((e: { action: string }) => e.action)).toContain('resource.deleted');
    const other = await w.as('civil').get('/api/v1/audit-events').query({ objectType: 'resource', objectId: d.id }).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('deletes a returned entry that was never published', async () => {
    const d = await draft('退回后删除的目录');
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    await w.as('bureau').post(`/api/v1/resources/${d.id}/return`).send({ reason: '重复登记' }).expect(200);
    await w.as('police').delete(`/api/v1/resources/${d.id}`).set('If-Match', '*').expect(204);
    expect((await rowsOf(d.id)).resources).toBe(0);
  });

  it('needs If-Match: 428 without, 412 with a stale version; nothing deleted', async () => {
    const d = await draft('版本测试草稿');
    expectProblem(await w.as('police').delete(`/api/v1/resources/${d.id}`), 428, 'precondition_required');
    await w.as('police').patch(`/api/v1/resources/${d.id}`).set('If-Match', d.etag).send({ summary: '改过' }).expect(200);
    expectProblem(await w.as('police').delete(`/api/v1/resources/${d.id}`).set('If-Match', d.etag), 412, 'precondition_failed');
    expect((await rowsOf(d.id)).resources).toBe(1);
  });
});

describe('what is never deleted, and who may not delete', () => {
  it('refuses a published and a withdrawn entry (409: withdraw it instead), and a submitted one; no row changes', async () => {
    const published = await publishEntry(w, { name: '已发布不可删除目录' });
    const withdrawn = await publishEntry(w, { name: '已撤销不可删除目录', categoryCode: '301' });
    await w.as('police').post(`/api/v1/resources/${withdrawn.id}/withdraw`).send({ reason: '停止提供' }).expect(200);
    const submitted = await draft('待审核不可删除目录');
    await w.as('police').post(`/api/v1/resources/${submitted.id}/submit`).expect(200);
    const before = await w.counts();
    for (const id of [published.id, withdrawn.id]) {
      const res = await w.as('police').delete(`/api/v1/resources/${id}`).set('If-Match', '*');
      expectProblem(res, 409, 'not_deletable');
      expect(res.body.detail).toContain('只能撤销');
    }
    const res = await w.as('police').delete(`/api/v1/resources/${submitted.id}`).set('If-Match', '*');
    expectProblem(res, 409, 'not_deletable');
    expect(res.body.detail).toContain('待审核');
    expect(await w.counts()).toEqual(before);
    expect(await searchNames('已发布不可删除', 'published')).toEqual(['已发布不可删除目录']);
  });

  it('answers 404 to another department (its draft is invisible) and 403 to the bureau, consumers and auditors; no row changes', async () => {
    const d = await draft('他人不可删除草稿');
    const before = await w.counts();
    expectProblem(await w.as('civil').delete(`/api/v1/resources/${d.id}`).set('If-Match', '*'), 404, 'not_found');
    for (const who of ['bureau', 'edu', 'auditor', 'police2'] as const) {
      expectProblem(await w.as(who).delete(`/api/v1/resources/${d.id}`).set('If-Match', '*'), 403, 'role_required');
    }
    expectProblem(await w.anonymous().delete(`/api/v1/resources/${d.id}`).set('If-Match', '*'), 401, 'unauthenticated');
    expectProblem(await w.as('police').delete(`/api/v1/resources/${NO_SUCH_ID}`).set('If-Match', '*'), 404, 'not_found');
    expect(await w.counts()).toEqual(before);
    expect((await rowsOf(d.id)).resources).toBe(1);
  });
});
