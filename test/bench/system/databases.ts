import { MongoClient } from 'mongodb';

const LOCAL_MONGO_URL = 'mongodb://127.0.0.1:27017';

/** Runs `use` with a client of the local FerretDB, closed after. */
async function withClient<T>(use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(LOCAL_MONGO_URL, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.close();
  }
}

async function existingIn(client: MongoClient, names: readonly string[]): Promise<string[]> {
  const existing = new Set((await client.db('admin').admin().listDatabases()).databases.map((d) => d.name));
  return names.filter((name) => existing.has(name));
}

/** Which of `names` exist on the local FerretDB. */
export function existingDatabases(names: readonly string[]): Promise<string[]> {
  return withClient((client) => existingIn(client, names));
}

/** Drops those of `names` that exist on the local FerretDB. */
export function dropDatabases(names: readonly string[]): Promise<void> {
  return withClient(async (client) => {
    for (const name of await existingIn(client, names)) await client.db(name).dropDatabase();
  });
}
