import { createDb } from '../src/db/knex';
async function main() {
  const db = createDb({ databaseUrl: null, sqliteFile: process.argv[2] });
  const conn: any = await (db.client as any).acquireConnection();
  (db.client as any).releaseConnection(conn);
  const N = 20000;
  const tok = (await db('api_tokens').first('token_hash')).token_hash;
  for (let round = 0; round < 2; round++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await db('audit_chain_head').where({ id: 1 }).first('last_seq');
    console.log('knex head', Number(process.hrtime.bigint() - t) / N / 1000, 'us');
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await db('api_tokens as t').join('users as u', 'u.id', 't.user_id').where('t.token_hash', tok).select('u.*', 't.expires_at as token_expires_at', 't.revoked_at as token_revoked_at').first();
    console.log('knex token', Number(process.hrtime.bigint() - t) / N / 1000, 'us');
    const st = conn.prepare('select last_seq from audit_chain_head where id = ?');
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) st.get(1);
    console.log('raw head', Number(process.hrtime.bigint() - t) / N / 1000, 'us');
    const st2 = conn.prepare('select u.*, t.expires_at as token_expires_at, t.revoked_at as token_revoked_at from api_tokens as t inner join users as u on u.id = t.user_id where t.token_hash = ? limit 1');
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) st2.get(tok);
    console.log('raw token', Number(process.hrtime.bigint() - t) / N / 1000, 'us');
    const st3 = conn.prepare('select total_changes() as c, (select data_version from pragma_data_version) as v');
    t = process.hrtime.bigint();
    for (let i = 0; i < N; i++) st3.get();
    console.log('raw dv', Number(process.hrtime.bigint() - t) / N / 1000, 'us', st3.get());
  }
  await db.destroy();
}
main();
