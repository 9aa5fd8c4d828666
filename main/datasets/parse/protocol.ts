// Messages between the main thread and the ratings parse worker (parse-worker.ts).
export type ToParseWorker = { type: 'chunk'; buf: Uint8Array } | { type: 'end' };

export type FromParseWorker =
  | {
      /** Complete users: runs of `counts[i]` rows for user `users[i]`, items ascending. */
      type: 'block';
      users: Int32Array;
      counts: Int32Array;
      items: Int32Array;
      halves: Uint8Array;
      timestamps: Int32Array;
    }
  | { type: 'done'; rows: number; count: Int32Array; sum: Float64Array; parseMs: number; packMs: number }
  | { type: 'unsorted' }
  /** Data row `row` repeats the pair of row `row - 1`. */
  | { type: 'duplicate'; row: number; user: number; movie: number }
  | { type: 'error'; code: string; message: string };
