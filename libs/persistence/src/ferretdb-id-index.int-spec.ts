import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Collection, type Db } from 'mongodb';

interface Row {
  _id: string;
  tenantId: string;
  version: number;
}

/**
 * The two patches deploy/local/ferretdb/ carries for FerretDB v1.24.2 on SQLite (ARCHITECTURE.md, "Cost budget"),
 * proven on the running FerretDB (MONGO_URL) and on its own SQLite file, $TESSERA_HOME/ferretdb/data/<db>.sqlite:
 * its lookup, update and delete by `_id` search the `_id` index instead of scanning the table, and a filter of
 * `_id` plus another key is pushed down to that search and still answered exactly.
 */
describe('FerretDB on SQLite uses its _id index', () => {
  const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017');
  const home = process.env.TESSERA_HOME ?? join(__dirname, '..', '..', '..', '.local');
  const dbName = `int_idx_${Date.now().toString(36)}`;
  const dataFile = join(home, 'ferretdb', 'data', `${dbName}.sqlite`);
  const ids = Array.from({ length: 200 }, () => randomUUID());
  let db: Db;
  let records: Collection<Row>;

  /** Runs one statement with Debian's sqlite3 CLI on FerretDB's file, read-only (FerretDB keeps writing it). */
  function sqlite(sql: string): string {
    try {
      return execFileSync('sqlite3', ['-readonly', dataFile, sql], { encoding: 'utf8' });
    } catch (error) {
      throw new Error(`sqlite3 -readonly ${dataFile} failed (is Debian's sqlite3 installed?): ${String(error)}`);
    }
  }

  beforeAll(async () => {
    await client.connect();
    db = client.db(dbName);
    records = db.collection<Row>('records');
    await records.insertMany(ids.map((_id, i) => ({ _id, tenantId: `t${i % 5}`, version: 1 })));
    if (!existsSync(dataFile))
      throw new Error(`no ${dataFile}: MONGO_URL must be the FerretDB that deploy/local runs from TESSERA_HOME`);
  });
  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  });

  describe("the SQL FerretDB issues by _id, planned by SQLite on FerretDB's own file", () => {
    let table: string;
    beforeAll(() => {
      table = sqlite(`SELECT table_name FROM _ferretdb_collections WHERE name = 'records'`).trim();
      expect(table).toMatch(/^records_[0-9a-f]{8}$/);
    });

    // The statements of internal/backends/sqlite/collection.go (Query, UpdateAll, DeleteAll) and query.go, exactly
    // as FerretDB logs them at debug level (deploy/local/ferretdb.sh with TESSERA_FERRETDB_LOG_LEVEL=debug).
    const statements: [string, (table: string) => string][] = [
      ['find by _id', (t) => `SELECT  _ferretdb_sjson FROM "${t}" WHERE _ferretdb_sjson->'$._id' = ?`],
      ['update by _id', (t) => `UPDATE "${t}" SET _ferretdb_sjson = ? WHERE _ferretdb_sjson->'$._id' = ?`],
      ['delete by _id', (t) => `DELETE FROM "${t}" WHERE _ferretdb_sjson->'$._id' IN (?)`],
    ];
    it.each(statements)("plans FerretDB's %s as a search of the _id index, not a scan", (_name, statement) => {
      const plan = sqlite(`EXPLAIN QUERY PLAN ${statement(table)}`);
      expect(plan).toContain(`SEARCH ${table} USING INDEX ${table}__id_ (<expr>=?)`);
      expect(plan).not.toContain('SCAN');
    });
  });

  it('pushes the _id equality of {_id, tenantId} down to the _id index (explain of the find)', async () => {
    const explained = await db.command({ explain: { find: 'records', filter: { _id: ids[7], tenantId: 't2' } } });
    expect(explained.filterPushdown).toBe(true);
    const plan = (explained.queryPlanner.Plan as string[]).join('\n');
    expect(plan).toMatch(/SEARCH records_[0-9a-f]{8} USING INDEX records_[0-9a-f]{8}__id_ \(<expr>=\?\)/);
    expect(plan).not.toContain('SCAN');
  });

  describe('a filter of _id plus another key is answered exactly', () => {
    it('finds and counts on a match, nothing on a mismatch', async () => {
      expect(await records.findOne({ _id: ids[1], tenantId: 't1' })).toEqual({
        _id: ids[1],
        tenantId: 't1',
        version: 1,
      });
      expect(await records.findOne({ _id: ids[1], tenantId: 't2' })).toBeNull();
      expect(await records.find({ _id: ids[2], version: { $lt: 2 } }).toArray()).toHaveLength(1);
      expect(await records.find({ _id: ids[2], version: { $gt: 1 } }).toArray()).toHaveLength(0);
      expect(await records.countDocuments({ _id: ids[3], tenantId: 't3' })).toBe(1);
      expect(await records.countDocuments({ _id: ids[3], tenantId: 't4' })).toBe(0);
    });

    it('updates and replaces only under the right version', async () => {
      const stale = await records.updateOne({ _id: ids[10], version: 2 }, { $set: { version: 3 } });
      expect(stale.matchedCount).toBe(0);
      const fresh = await records.updateOne({ _id: ids[10], version: 1 }, { $set: { version: 2 } });
      expect(fresh.modifiedCount).toBe(1);

      const staleReplace = await records.replaceOne({ _id: ids[10], version: 1 }, { tenantId: 't0', version: 9 });
      expect(staleReplace.matchedCount).toBe(0);
      const freshReplace = await records.replaceOne({ _id: ids[10], version: 2 }, { tenantId: 't0', version: 3 });
      expect(freshReplace.modifiedCount).toBe(1);
      expect(await records.findOne({ _id: ids[10] })).toEqual({ _id: ids[10], tenantId: 't0', version: 3 });
    });

    it('finds and modifies only on a match', async () => {
      const missed = await records.findOneAndUpdate({ _id: ids[11], tenantId: 't0' }, { $inc: { version: 1 } });
      expect(missed).toBeNull();
      const hit = await records.findOneAndUpdate(
        { _id: ids[11], tenantId: 't1' },
        { $inc: { version: 1 } },
        { returnDocument: 'after' },
      );
      expect(hit).toEqual({ _id: ids[11], tenantId: 't1', version: 2 });
    });

    it('deletes only on a match', async () => {
      expect((await records.deleteOne({ _id: ids[12], tenantId: 't0' })).deletedCount).toBe(0);
      expect(await records.findOne({ _id: ids[12] })).not.toBeNull();
      expect((await records.deleteOne({ _id: ids[12], tenantId: 't2' })).deletedCount).toBe(1);
      expect(await records.findOne({ _id: ids[12] })).toBeNull();
    });
  });
});
