import { createDb } from '../src/db/knex';
import { resourceQuery } from '../src/modules/resources/resources.store';
async function main() {
  const db = createDb({ databaseUrl: null, sqliteFile: process.argv[2] });
  await db.raw('select 1');
  const conn: any = await (db.client as any).acquireConnection(); (db.client as any).releaseConnection(conn);
  const id = 'c5982d88-6783-466e-b3e8-d4b069179269';
  const q1 = resourceQuery(db).where('r.id', id).first().toSQL().toNative();
  const q2 = db('resource_items').where({ resource_id: id }).orderBy('position').toSQL().toNative();
  console.log(q1.sql);
  for (const [name, q, n] of [['resource', q1, 3000], ['items', q2, 3000]] as const) {
    const st = conn.prepare(q.sql);
    console.log(st.reader, conn.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...q.bindings).map((r: any) => r.detail).join(' | '));
    for (let r = 0; r < 2; r++) { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) st.all(...q.bindings); console.log(name, Number(process.hrtime.bigint() - t) / n / 1000, 'us'); }
  }
  await db.destroy();
}
main();
