// Drives flex-emulator with the official clients: twilio-taskrouter 2.1.1 (the agent side,
// over the event bridge) and the `twilio` helper library (the admin side, over REST).
// Usage: node conformance.mjs '<world json>'   (the emulator's first stdout line)
import taskrouter from 'twilio-taskrouter';
import twilio from 'twilio';

const OVERALL_TIMEOUT_MS = 30_000;
const STEP_TIMEOUT_MS = 10_000;

const world = JSON.parse(process.argv[2] ?? process.env.EMULATOR_WORLD ?? '');
let passed = 0;
let failed = 0;

function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const overall = setTimeout(() => {
  console.log('not ok - overall timeout of 30 s exceeded');
  failed += 1;
  finish();
}, OVERALL_TIMEOUT_MS);

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}: ${err?.stack ?? err}`);
    throw err;
  }
}

function once(emitter, event, predicate = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    const listener = (...args) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      emitter.removeListener(event, listener);
      resolve(args[0]);
    };
    emitter.on(event, listener);
  });
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const base = world.base_url;
const agent = world.users.agent;
const client = twilio(world.account_sid, world.auth_token);
client.taskrouter.baseUrl = base;
const workspace = client.taskrouter.v1.workspaces(world.workspace_sid);

let worker;
try {
  await step('worker reaches ready', async () => {
    worker = new taskrouter.Worker(agent.token, {
      ebServer: `${base}/v1/wschannels`,
      wsServer: `${base.replace('http', 'ws')}/v1/wschannels`,
      logLevel: 'error',
    });
    await once(worker, 'ready');
    assert(worker.sid === agent.worker_sid, `worker sid ${worker.sid}`);
    assert(worker.activity.sid === world.activities.offline, 'worker starts Offline');
    assert(worker.activities.size === 4, `expected 4 activities, got ${worker.activities.size}`);
    assert(worker.channels.size >= 2, 'worker channels loaded');
  });

  await step('activity set to Available emits activityUpdated', async () => {
    const updated = once(worker, 'activityUpdated', (w) => w.activity.sid === world.activities.available);
    await worker.activities.get(world.activities.available).setAsCurrent();
    await updated;
    assert(worker.available === true, 'worker is available');
  });

  await step('twilio helper lists workers across pages', async () => {
    const workers = await workspace.workers.list({ pageSize: 2 });
    assert(workers.length === 3, `expected 3 workers, got ${workers.length}`);
    assert(workers.some((w) => w.sid === agent.worker_sid && w.available), 'agent listed as available');
  });

  let taskSid;
  let reservation;
  await step('task created with the twilio helper reaches the worker as reservationCreated', async () => {
    const created = once(worker, 'reservationCreated');
    const task = await workspace.tasks.create({
      workflowSid: world.workflow_sid,
      taskChannel: 'voice',
      attributes: JSON.stringify({ type: 'inbound', name: 'Conformance caller' }),
    });
    taskSid = task.sid;
    assert(/^WT[0-9a-f]{32}$/.test(taskSid), `task sid ${taskSid}`);
    reservation = await created;
    assert(reservation.task.sid === taskSid, 'reservation carries the task');
    assert(reservation.status === 'pending', `reservation status ${reservation.status}`);
    assert(reservation.task.attributes.name === 'Conformance caller', 'task attributes decoded');
    assert(reservation.task.queueSid === world.queues.voice, 'routed to the voice queue');
  });

  await step('reservation.accept() emits accepted', async () => {
    const accepted = once(reservation, 'accepted');
    await reservation.accept();
    await accepted;
    assert(reservation.status === 'accepted', `status ${reservation.status}`);
    const task = await workspace.tasks(taskSid).fetch();
    assert(task.assignmentStatus === 'assigned', `task is ${task.assignmentStatus}`);
  });

  await step('task wrapUp then complete emit wrapup and completed', async () => {
    const wrapped = once(reservation, 'wrapup');
    await reservation.task.wrapUp({ reason: 'call ended' });
    await wrapped;
    const completed = once(reservation, 'completed');
    await reservation.task.complete('resolved');
    await completed;
    const task = await workspace.tasks(taskSid).fetch();
    assert(task.assignmentStatus === 'completed', `task is ${task.assignmentStatus}`);
    assert(task.reason === 'resolved', `reason ${task.reason}`);
  });
} catch {
  // Reported by step(); fall through to the summary.
} finally {
  worker?.disconnect();
  clearTimeout(overall);
  finish();
}
