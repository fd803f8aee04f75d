const { MongoClient } = require('mongodb');
async function run(monitor) {
  const client = new MongoClient('mongodb://127.0.0.1:27017', { maxPoolSize: 16, monitorCommands: monitor });
  let n = 0; if (monitor) client.on('commandStarted', () => n++);
  await client.connect();
  const c = client.db('ab_monitor').collection('docs');
  await c.deleteMany({});
  const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, v: 0, state: JSON.stringify({pad: 'x'.repeat(1200)}), a: 1, b: 'two', d: new Date() }));
  await c.insertMany(docs);
  const ops = 4000, conc = 8;
  const c0 = process.cpuUsage();
  await Promise.all(Array.from({ length: conc }, async (_, w) => {
    for (let i = 0; i < ops / conc; i++) {
      const id = `d${(w * 250 + i) % 2000}`;
      const doc = await c.findOne({ _id: id });
      await c.replaceOne({ _id: id, v: doc.v }, { ...doc, v: doc.v + 1 });
    }
  }));
  const cu = process.cpuUsage(c0);
  await client.db('ab_monitor').dropDatabase();
  await client.close();
  return (cu.user + cu.system) / 1000 / (2 * ops);
}
(async () => {
  await run(true); await run(false);
  const r = { on: [], off: [] };
  for (let i = 0; i < 6; i++) { r.on.push(await run(true)); r.off.push(await run(false)); }
  const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  console.log('monitored', r.on.map(x=>x.toFixed(3)).join(' '), 'median', med(r.on).toFixed(3));
  console.log('unmonitored', r.off.map(x=>x.toFixed(3)).join(' '), 'median', med(r.off).toFixed(3));
})();
