#!/usr/bin/env node
// Dependency-free MongoDB wire-protocol probe used by deploy/local/ferretdb.sh.
//
//   node mongo-ping.mjs [host] [port] [timeoutMs]
//
// Sends OP_MSG {ping: 1} and {listDatabases: 1, nameOnly: true} to the "admin" database
// (the second one makes FerretDB touch its storage backend) and exits 0 if both answer ok: 1.
// Prints one JSON line with the results. Exit 1 on any error or timeout.
import net from 'node:net';

const host = process.argv[2] || '127.0.0.1';
const port = Number(process.argv[3] || 27017);
const timeoutMs = Number(process.argv[4] || 5000);

const OP_MSG = 2013;

function cstring(s) {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

// Minimal BSON encoder: string, int32, double, boolean, null, nested document.
function encodeDoc(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') {
      const s = Buffer.from(v, 'utf8');
      const len = Buffer.alloc(4);
      len.writeInt32LE(s.length + 1);
      parts.push(Buffer.from([0x02]), cstring(k), len, s, Buffer.from([0]));
    } else if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v);
      parts.push(Buffer.from([0x10]), cstring(k), b);
    } else if (typeof v === 'number') {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v);
      parts.push(Buffer.from([0x01]), cstring(k), b);
    } else if (typeof v === 'boolean') {
      parts.push(Buffer.from([0x08]), cstring(k), Buffer.from([v ? 1 : 0]));
    } else if (v === null) {
      parts.push(Buffer.from([0x0a]), cstring(k));
    } else if (typeof v === 'object') {
      parts.push(Buffer.from([0x03]), cstring(k), encodeDoc(v));
    } else {
      throw new Error(`unsupported BSON value for ${k}`);
    }
  }
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(4);
  len.writeInt32LE(body.length + 5);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

// Minimal BSON decoder for the common types found in command replies.
function decodeDoc(buf, off = 0, isArray = false) {
  const end = off + buf.readInt32LE(off);
  const out = isArray ? [] : {};
  let p = off + 4;
  while (p < end - 1) {
    const type = buf[p++];
    const nameEnd = buf.indexOf(0, p);
    const name = buf.toString('utf8', p, nameEnd);
    p = nameEnd + 1;
    let v;
    switch (type) {
      case 0x01:
        v = buf.readDoubleLE(p);
        p += 8;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e: {
        const n = buf.readInt32LE(p);
        v = buf.toString('utf8', p + 4, p + 4 + n - 1);
        p += 4 + n;
        break;
      }
      case 0x03:
      case 0x04: {
        const n = buf.readInt32LE(p);
        v = decodeDoc(buf, p, type === 0x04);
        p += n;
        break;
      }
      case 0x05: {
        const n = buf.readInt32LE(p);
        v = `<binary ${n}>`;
        p += 5 + n;
        break;
      }
      case 0x07:
        v = buf.toString('hex', p, p + 12);
        p += 12;
        break;
      case 0x08:
        v = buf[p] === 1;
        p += 1;
        break;
      case 0x09:
        v = new Date(Number(buf.readBigInt64LE(p))).toISOString();
        p += 8;
        break;
      case 0x0a:
      case 0x06:
      case 0x7f:
      case 0xff:
        v = null;
        break;
      case 0x10:
        v = buf.readInt32LE(p);
        p += 4;
        break;
      case 0x11:
        v = buf.readBigUInt64LE(p).toString();
        p += 8;
        break;
      case 0x12:
        v = Number(buf.readBigInt64LE(p));
        p += 8;
        break;
      case 0x13:
        v = '<decimal128>';
        p += 16;
        break;
      default:
        throw new Error(`unsupported BSON type 0x${type.toString(16)} at ${name}`);
    }
    if (isArray) out.push(v);
    else out[name] = v;
  }
  return out;
}

function opMsg(requestId, doc) {
  const body = Buffer.concat([Buffer.alloc(4) /* flagBits */, Buffer.from([0]) /* kind 0 */, encodeDoc(doc)]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, body]);
}

function run() {
  const commands = [
    { ping: 1, $db: 'admin' },
    { listDatabases: 1, nameOnly: true, $db: 'admin' },
  ];
  const results = [];
  const sock = net.createConnection({ host, port });
  const timer = setTimeout(() => fail(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
  let pending = Buffer.alloc(0);

  function fail(err) {
    clearTimeout(timer);
    sock.destroy();
    console.log(JSON.stringify({ ok: false, host, port, error: String(err.message || err) }));
    process.exit(1);
  }

  function send(i) {
    sock.write(opMsg(i + 1, commands[i]));
  }

  sock.on('connect', () => send(0));
  sock.on('error', fail);
  sock.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    if (pending.length < 4 || pending.length < pending.readInt32LE(0)) return;
    const msgLen = pending.readInt32LE(0);
    const msg = pending.subarray(0, msgLen);
    pending = pending.subarray(msgLen);
    if (msg.readInt32LE(12) !== OP_MSG || msg[20] !== 0) return fail(new Error('unexpected reply opcode/section'));
    let reply;
    try {
      reply = decodeDoc(msg, 21);
    } catch (e) {
      return fail(e);
    }
    if (reply.ok !== 1)
      return fail(new Error(`${Object.keys(commands[results.length])[0]} failed: ${JSON.stringify(reply)}`));
    results.push(reply);
    if (results.length < commands.length) return send(results.length);
    clearTimeout(timer);
    sock.end();
    const dbs = Array.isArray(results[1].databases) ? results[1].databases.map((d) => d.name) : [];
    console.log(JSON.stringify({ ok: true, host, port, ping: results[0].ok, databases: dbs }));
    process.exit(0);
  });
}

run();
