// Elicitation has no compute-worker tasks: choosing a pair over a few thousand candidates and a
// rate step each take milliseconds in main, and every answer must update theta at once (the
// profile's incremental fit); full refits after an undo run in the profile's 'profile/fit' task.
import type { TaskTable } from '../worker/task.ts';

export const elicitTasks: TaskTable<never> = {};
