// The taskrouter.js peer of `make bench-peer` (peer.py): the official twilio-taskrouter
// 2.1.1 Worker signed in as one worker, handling every reservation it is offered:
// reservation.accept(), then reservation.complete().
//
//   node peer_client.mjs <base_url> <token>
//
// Same stdout protocol as flex-bench-peer: `ready <connect_us>` (new Worker → 'ready'), then per
// task `done <task_sid> <reaction_us>` ('reservationCreated' → accept() resolved,
// process.hrtime). Exits when stdin closes. The package comes from the conformance suite's
// pinned install (tests/conformance/node_modules).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/conformance/package.json', import.meta.url));
const { Worker } = require('twilio-taskrouter');

const [base, token] = process.argv.slice(2);
const micros = (from) => Number((process.hrtime.bigint() - from) / 1000n);

const start = process.hrtime.bigint();
const worker = new Worker(token, {
  ebServer: `${base}/v1/wschannels`,
  wsServer: `${base.replace('http', 'ws')}/v1/wschannels`,
  logLevel: 'error',
});
worker.once('ready', () => console.log(`ready ${micros(start)}`));
worker.on('reservationCreated', async (reservation) => {
  const received = process.hrtime.bigint();
  await reservation.accept();
  const reaction = micros(received);
  await reservation.complete();
  console.log(`done ${reservation.task.sid} ${reaction}`);
});
worker.on('error', (err) => console.error(`worker error: ${err?.message ?? err}`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
