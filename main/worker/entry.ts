// Entry of the compute worker process (Electron utilityProcess, or child_process.fork under Node).
import { runWorker } from './runtime.ts';
import { tasks } from './tasks.ts';

runWorker(tasks);
