// Entry of the compute worker process (Electron utilityProcess, or child_process.fork under Node).
import { runWorker } from './runtime.ts';
import { tasks } from './tasks.ts';
import type { TaskMap } from './contract.ts';

runWorker<TaskMap>(tasks);
