// Messages between the main thread and the ratings parse worker (parse-worker.ts).
// Given a file path (workerData.path) the worker reads the file itself and main only acks each
// block it wrote (flow control); otherwise main sends the file's regions as chunks. Either way the
// ack hands the block's buffers back for the worker to fill again.
export type ToParseWorker =
  { type: 'chunk'; buf: Uint8Array } | { type: 'end' } | { type: 'ack'; buffers: BlockBuffers };

/** The buffers under a block's arrays (the arrays are views of their first rows). */
export interface BlockBuffers {
  users: ArrayBuffer;
  counts: ArrayBuffer;
  items: ArrayBuffer;
  halves: ArrayBuffer;
  timestamps: ArrayBuffer;
}

export type FromParseWorker =
  | {
      /** Complete users: runs of `counts[i]` rows for user `users[i]`, items ascending. */
      type: 'block';
      users: Int32Array;
      counts: Int32Array;
      items: Int32Array;
      halves: Uint8Array;
      timestamps: Int32Array;
      /** Bytes of the file read so far (when the worker reads it). */
      bytesRead: number;
    }
  | {
      type: 'done';
      rows: number;
      count: Int32Array;
      sum: Float64Array;
      parseMs: number;
      packMs: number;
      readMs: number;
    }
  /** The worker could not read the file: a line too long (at byte `offset`) or a read error. */
  | { type: 'readError'; offset: number | null; message: string }
  | { type: 'unsorted' }
  /** Data row `row` repeats the pair of row `row - 1`. */
  | { type: 'duplicate'; row: number; user: number; movie: number }
  | { type: 'error'; code: string; message: string };
