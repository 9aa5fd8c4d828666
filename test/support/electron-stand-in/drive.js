// Runs the built app (out/main/index.js) against the Electron stand-in and prints what happened as
// one `RESULT {json}` line: `node --import ./hooks.js drive.js <out/main> <dataDir> <platform>`.
// The compute page is made to never load, as a broken or missing page would.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { app, BrowserWindow, log, standIn } from './electron.js';

const [outMain, dataDir, platform] = process.argv.slice(2);
if (platform !== process.platform) {
  // Another platform's rules, with this machine's native binaries: better-sqlite3 picks its
  // prebuild by process.platform on first open, so it opens once before the switch.
  const Database = createRequire(join(outMain, 'index.js'))('better-sqlite3');
  new Database(':memory:').close();
  Object.defineProperty(process, 'platform', { value: platform });
}
process.env.REELTASTE_DATA_DIR = dataDir;
standIn.neverLoad.add('compute.html');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, ms = 20_000) {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting; errors: ${log.errors.join('; ')}`);
    await sleep(20);
  }
}
const mains = () => BrowserWindow.getAllWindows().filter((w) => w.options.title === 'Reeltaste');
const computes = () => BrowserWindow.getAllWindows().filter((w) => w.options.title === 'Reeltaste compute');
const sender = { senderFrame: { url: pathToFileURL(join(outMain, '../renderer/index.html')).href } };
const invoke = (channel, input) => log.ipc.get(channel)(sender, input);

await import(pathToFileURL(join(outMain, 'index.js')).href);
// Job snapshots as the app sends them to its windows ('jobs/changed' through webContents.send).
const lastJobs = [];
setInterval(() => {
  for (const w of BrowserWindow.getAllWindows())
    for (const m of w.webContents.sent.splice(0))
      if (m.channel === 'jobs/changed') {
        const job = m.args[0];
        const i = lastJobs.findIndex((j) => j.id === job.id);
        if (i >= 0) lastJobs[i] = job;
        else lastJobs.push(job);
      }
}, 20).unref();
const result = {
  beforeReady: { switches: structuredClone(log.switches), schemes: structuredClone(log.schemes) },
};
app.fireReady();
await until(() => mains().length === 1);

// A real task through the bundled utility worker: the GPU status needs the compute page's port.
const t0 = Date.now();
result.gpu = await invoke('model/gpu');
result.gpuSeconds = (Date.now() - t0) / 1000;
result.computeWindowsOpened = log.windows.filter((w) => w.title === 'Reeltaste compute').length;
result.computeShown = log.windows.filter((w) => w.title === 'Reeltaste compute').some((w) => w.show);

// "auto" training, on the data the test put in dataDir, with the compute page still never loading:
// it must take the CPU instead of waiting for the GPU.
if (process.env.REELTASTE_SMOKE_TRAIN) {
  const t1 = Date.now();
  const started = await invoke('model/train', { backend: 'auto', epochs: 2, dim: 8 });
  const jobId = started.value?.jobId;
  let job;
  await until(() => {
    job = jobId && lastJobs.find((j) => j.id === jobId);
    return job && job.state !== 'running' && job.state !== 'queued';
  }, 60_000).catch(() => {});
  result.train = {
    started,
    state: job?.state,
    result: job?.result,
    error: job?.error,
    seconds: (Date.now() - t1) / 1000,
  };
}

// The hidden compute window is still there (it never loaded): closing the main window must not
// leave it keeping the app alive.
result.computesBeforeClose = computes().length;
const first = mains()[0];
app.emit('second-instance', {}, [], '/');
result.secondInstanceFocused = first.focused ?? 0;
first.close();
await sleep(100);
result.afterMainClosed = { quits: log.quits, computes: computes().length, mains: mains().length };
if (platform === 'darwin') {
  // Dock click with only the hidden compute window left: a new main window.
  app.emit('activate', {}, false);
  result.afterActivate = { mains: mains().length };
  mains()[0]?.close();
  app.emit('second-instance', {}, [], '/');
  result.afterSecondInstanceNoWindow = { mains: mains().length };
  app.quit();
}
await sleep(200);
result.opened = log.opened;
result.errors = log.errors;
result.quits = log.quits;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
