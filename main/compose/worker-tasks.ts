// Every task the compute worker serves: the domains' task tables merged. The type makes a task in
// the contract without an implementation (or one with the wrong signature) a compile error.
import type { TaskMap } from '../worker/contract.ts';
import type { TaskTable } from '../worker/task.ts';
import { modelTasks } from '../model/tasks.ts';
import { profileTasks } from '../profile/tasks.ts';
import { recommendTasks } from '../recommend/tasks.ts';

export const tasks: TaskTable<keyof TaskMap> = {
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
  ...recommendTasks,
};
