// Entry of the compute worker process (Electron utilityProcess, or child_process.fork under Node).
import { runWorker } from '../worker/runtime.ts';
import { tasks } from './worker-tasks.ts';
import type { TaskMap } from '../worker/contract.ts';
import { useComputeWindowForGpu } from '../model/gpu/compute-window/worker/use-window.ts';

// Inside Electron dawn.node cannot load: GPU training goes to the hidden compute window instead.
if (process.versions.electron) useComputeWindowForGpu();

runWorker<TaskMap>(tasks);
