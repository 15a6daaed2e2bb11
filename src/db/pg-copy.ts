import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Knex } from 'knex';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

// COPY … FROM STDIN on the connection of a knex transaction, fed from a file (pg-copy-streams, ADR
// 0031): PostgreSQL parses the rows itself, with no statement or round trip per row. Inside the
// caller's transaction, so what it copies commits or rolls back with it.

/** Streams `file` (COPY text format) into `copySql` (a `COPY … FROM STDIN` statement) in the transaction; the rows copied. */
export async function copyFileIn(tx: Knex.Transaction, copySql: string, file: string): Promise<number> {
  if (tx.client.config.client !== 'pg') throw new Error('copyFileIn: not a PostgreSQL transaction');
  const client = (await tx.client.acquireConnection()) as Client;
  const copy = client.query(copyFrom(copySql));
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), copy);
  return copy.rowCount;
}
