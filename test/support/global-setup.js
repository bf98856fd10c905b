// Probes the real services once. CI sets EVIDENT_REQUIRE_PG=1 so a missing PostgreSQL fails
// the run instead of skipping; on a laptop without it the suites skip and say so loudly.
const { Client } = require('pg');

module.exports = async () => {
  const url = process.env.EVIDENT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
  process.env.EVIDENT_TEST_PG_URL = url;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env.EVIDENT_TEST_PG = 'available';
  } catch (err) {
    process.env.EVIDENT_TEST_PG = 'unavailable';
    if (process.env.EVIDENT_REQUIRE_PG === '1') {
      throw new Error(`EVIDENT_REQUIRE_PG=1 but PostgreSQL at ${url} is not reachable: ${err.message}`);
    }
    const bar = '!'.repeat(78);
    console.warn(`\n${bar}\n!! PostgreSQL at ${url} is not reachable (${err.message}).\n!! The PostgreSQL suites are SKIPPED. Set EVIDENT_REQUIRE_PG=1 to make them required.\n${bar}\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
};
