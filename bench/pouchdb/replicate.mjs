// PouchDB baseline for crates/bench.
//
// Usage: node bench/pouchdb/replicate.mjs <docs.json> [noop_repeats]
//
// <docs.json> is a JSON array of objects, each with a string `_id` and any
// other JSON fields. The script starts express-pouchdb (PouchDB's
// CouchDB-compatible HTTP server) on 127.0.0.1 with an OS-assigned port,
// with PouchDB's default on-disk adapter (leveldb) in a fresh temp
// directory, and times three replications over HTTP:
//
//   push_ms  a client database that already holds every document (loaded
//            before timing) replicates TO an empty server database;
//   pull_ms  a second, empty client database (a "new device") replicates
//            FROM the server database; its doc count is then checked;
//   noop_ms  the already-synced second client pulls again, noop_repeats
//            times (default 20): nothing to transfer, one entry per run.
//
// Each figure is the wall time of one PouchDB.replicate() call, end to end.
// Replication options are PouchDB's defaults (batch_size 100,
// batches_limit 10) and express-pouchdb runs in its 'minimumForPouchDB'
// mode (no log file, no config file, no Fauxton; gzip stays on as shipped).
//
// Output: exactly one JSON line on stdout:
//   {"docs":N,"bytes":B,"push_ms":x,"pull_ms":y,"noop_ms":[...],
//    "adapter":"leveldb","pouchdb":"9.0.0"}
// where "bytes" is the size of <docs.json> in bytes. Everything else goes
// to stderr. Any error exits non-zero with a message on stderr. The temp
// directory is removed at the end, on error and on SIGINT/SIGTERM.

import { createRequire } from 'node:module';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const PouchDB = require('pouchdb');
const express = require('express');
const expressPouchDB = require('express-pouchdb');

const USAGE = 'usage: node bench/pouchdb/replicate.mjs <docs.json> [noop_repeats]';
const DEFAULT_NOOP_REPEATS = 20;
const LOAD_CHUNK = 1000;
const SERVER_DB = 'bench';

class UsageError extends Error {}

function log(...args) {
  console.error('[pouchdb-bench]', ...args);
}

function parseArgs(argv) {
  if (argv.length < 1 || argv.length > 2) {
    throw new UsageError(`expected 1 or 2 arguments, got ${argv.length}\n${USAGE}`);
  }
  const file = argv[0];
  let noopRepeats = DEFAULT_NOOP_REPEATS;
  if (argv.length === 2) {
    if (!/^\d+$/.test(argv[1])) {
      throw new UsageError(`noop_repeats must be a non-negative integer, got ${JSON.stringify(argv[1])}\n${USAGE}`);
    }
    noopRepeats = Number(argv[1]);
  }
  return { file, noopRepeats };
}

async function loadDocs(file) {
  let raw;
  try {
    raw = await readFile(file);
  } catch (e) {
    throw new Error(`cannot read docs file ${JSON.stringify(file)}: ${e.message}`);
  }
  let docs;
  try {
    docs = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new Error(`docs file ${JSON.stringify(file)} is not valid JSON: ${e.message}`);
  }
  if (!Array.isArray(docs)) {
    const kind = docs === null ? 'null' : typeof docs;
    throw new Error(`docs file ${JSON.stringify(file)} must hold a JSON array of documents, found ${kind}`);
  }
  const seen = new Set();
  docs.forEach((doc, i) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new Error(`document #${i} is not a JSON object`);
    }
    if (typeof doc._id !== 'string' || doc._id.length === 0) {
      throw new Error(`document #${i} has no string _id (got ${JSON.stringify(doc._id)})`);
    }
    if (seen.has(doc._id)) {
      throw new Error(`document #${i} repeats _id ${JSON.stringify(doc._id)}`);
    }
    seen.add(doc._id);
  });
  return { docs, bytes: raw.length };
}

function listen(app) {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Drop idle keep-alive connections so close() can finish.
    if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
  });
}

async function timedReplicate(from, to) {
  const t0 = performance.now();
  const result = await PouchDB.replicate(from, to);
  const ms = performance.now() - t0;
  if (!result.ok || result.doc_write_failures > 0) {
    throw new Error(`replication reported failure: ok=${result.ok} doc_write_failures=${result.doc_write_failures} errors=${JSON.stringify(result.errors)}`);
  }
  return { ms, result };
}

function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

async function run(file, noopRepeats, tmp, opened) {
  const { docs, bytes } = await loadDocs(file);
  log(`${docs.length} docs, ${bytes} bytes from ${file}`);

  const serverDir = path.join(tmp, 'server');
  const clientDir = path.join(tmp, 'client');
  await mkdir(serverDir);
  await mkdir(clientDir);
  // Name prefixes are concatenated, so they need the trailing separator.
  const ServerPouch = PouchDB.defaults({ prefix: serverDir + path.sep });
  const ClientPouch = PouchDB.defaults({ prefix: clientDir + path.sep });

  const app = express();
  app.use(expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB' }));
  const server = await listen(app);
  opened.server = server;
  const port = server.address().port;
  const url = `http://127.0.0.1:${port}/${SERVER_DB}`;
  log(`express-pouchdb listening on 127.0.0.1:${port}`);

  // Untimed setup: an empty server database, and a client holding all docs.
  const remote = new PouchDB(url);
  opened.dbs.push(remote);
  const remoteInfo = await remote.info(); // creates the database
  if (remoteInfo.doc_count !== 0) {
    throw new Error(`server database is not empty (${remoteInfo.doc_count} docs)`);
  }

  const source = new ClientPouch('source');
  opened.dbs.push(source);
  for (let i = 0; i < docs.length; i += LOAD_CHUNK) {
    let res;
    try {
      res = await source.bulkDocs(docs.slice(i, i + LOAD_CHUNK));
    } catch (e) {
      throw new Error(`loading docs ${i}..${Math.min(i + LOAD_CHUNK, docs.length) - 1} into the client failed: ${e.message}`);
    }
    const bad = res.find((r) => r.error);
    if (bad) {
      throw new Error(`loading docs into the client failed for _id ${JSON.stringify(bad.id)}: ${bad.name || bad.error}: ${bad.message || bad.reason}`);
    }
  }
  const sourceInfo = await source.info();
  if (sourceInfo.doc_count !== docs.length) {
    throw new Error(`client holds ${sourceInfo.doc_count} docs after loading, expected ${docs.length}`);
  }
  const adapter = source.adapter;

  // (a) push: full client -> empty server.
  const push = await timedReplicate(source, remote);
  log(`push: ${round(push.ms)} ms, docs_written=${push.result.docs_written}`);
  if (push.result.docs_written !== docs.length) {
    throw new Error(`push wrote ${push.result.docs_written} docs, expected ${docs.length}`);
  }

  // (b) new device pull: server -> empty client.
  const device = new ClientPouch('device');
  opened.dbs.push(device);
  const pull = await timedReplicate(remote, device);
  log(`pull: ${round(pull.ms)} ms, docs_written=${pull.result.docs_written}`);
  const deviceInfo = await device.info();
  if (deviceInfo.doc_count !== docs.length) {
    throw new Error(`doc count mismatch after pull: new device holds ${deviceInfo.doc_count} docs, input has ${docs.length}`);
  }

  // (c) nothing to do: pull again into the synced client.
  const noop = [];
  for (let i = 0; i < noopRepeats; i++) {
    const r = await timedReplicate(remote, device);
    if (r.result.docs_written !== 0) {
      throw new Error(`no-op pull #${i} wrote ${r.result.docs_written} docs, expected 0`);
    }
    noop.push(round(r.ms));
  }
  if (noopRepeats > 0) log(`noop: ${noop.join(', ')} ms`);

  return {
    docs: docs.length,
    bytes,
    push_ms: round(push.ms),
    pull_ms: round(pull.ms),
    noop_ms: noop,
    adapter,
    pouchdb: PouchDB.version,
  };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }

  const tmp = await mkdtemp(path.join(tmpdir(), 'pouchdb-bench-'));
  const onSignal = (sig) => {
    try { rmSync(tmp, { recursive: true, force: true }); } catch {}
    console.error(`error: interrupted by ${sig}`);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const opened = { server: null, dbs: [] };
  let code = 0;
  try {
    const report = await run(args.file, args.noopRepeats, tmp, opened);
    process.stdout.write(JSON.stringify(report) + '\n');
  } catch (e) {
    console.error(`error: ${e && e.message ? e.message : e}`);
    if (process.env.POUCHDB_BENCH_DEBUG && e && e.stack) console.error(e.stack);
    code = 1;
  } finally {
    for (const db of opened.dbs.reverse()) {
      try { await db.close(); } catch (e) { log(`closing ${db.name}: ${e.message}`); }
    }
    if (opened.server) await closeServer(opened.server);
    await rm(tmp, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return code;
}

const code = await main();
process.exitCode = code;
// Everything is closed; if some library still holds a handle, do not hang.
setTimeout(() => {
  log('handles still open after cleanup; forcing exit');
  process.exit(code);
}, 2000).unref();
