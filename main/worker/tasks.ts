// The app's worker tasks, by name. Each domain adds its tasks here (training, theta fits...).
import type { TaskTable } from './runtime.ts';
import { modelTasks } from '../model/tasks.ts';
import { profileTasks } from '../profile/fit-task.ts';

export const tasks: TaskTable = {
  /** Which runtime the worker has: shown in Settings, and a cheap liveness check. */
  async diagnostics() {
    return {
      pid: process.pid,
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      platform: `${process.platform}-${process.arch}`,
    };
  },
  ...modelTasks,
  ...profileTasks,
};
