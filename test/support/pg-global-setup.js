// pg_trgm is per database: create it once before the test files' schemas are made in parallel,
// so their migrations' CREATE EXTENSION IF NOT EXISTS finds it and does not race.
const { Client } = require('pg');

module.exports = async () => {
  const client = new Client({ connectionString: process.env.PG_TEST_URL });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  } finally {
    await client.end();
  }
};
