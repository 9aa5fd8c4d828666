// Runs the WGSL kernels (shaders.ts) on one GPUDevice through the standard WebGPU API only, so the
// same class serves Node (the `webgpu` package) and Chromium (the compute window). It owns the
// device-side copy of the training data and of the posterior; the caller drives epochs.
import { AppError } from '../../errors.ts';
import type { Examples } from '../data.ts';
import type { VariationalState } from '../state.ts';
import type { Schedule } from './schedule.ts';
import { EXAMPLE_BYTES, packExamples, packRows, unpackRows } from './layout.ts';
import { bindGroup, createPipelines } from './pipelines.ts';
import { rowStride, STEP_SLOT, WORKGROUP } from './shaders.ts';

const { STORAGE, COPY_DST, COPY_SRC, UNIFORM, MAP_READ } = {
  STORAGE: 0x80,
  COPY_DST: 0x8,
  COPY_SRC: 0x4,
  UNIFORM: 0x40,
  MAP_READ: 0x1,
};
/** Params uniform: 12 scalars, then three vec4 arrays of 64 (priorPrec, priorVar, prior shape). */
const PARAMS_BYTES = 48 + 3 * 1024;

export interface EpochParams {
  mu: number;
  lr: number;
  lrBias: number;
  noiseVar: number;
  userBiasPrior: number;
  itemBiasPrior: number;
  ratingMin: number;
  ratingMax: number;
  priorPrec: Float32Array;
  priorVar: Float32Array;
  shape: Float32Array;
}

export interface TrainerInput {
  dim: number;
  nUsers: number;
  nItems: number;
  schedule: Schedule;
  heldOut: Examples;
}

interface Chunk {
  buffer: GPUBuffer;
  group: GPUBindGroup;
  /** Sub-epochs [first, end) read their examples from this buffer. */
  first: number;
  end: number;
}

export class GpuDriver {
  readonly device: GPUDevice;
  readonly dim: number;
  readonly workers: number;
  readonly nUsers: number;
  readonly nItems: number;
  readonly nHeld: number;
  private readonly stride: number;
  private readonly offsets: Uint32Array;
  private readonly buffers: GPUBuffer[] = [];
  private readonly chunks: Chunk[] = [];
  private readonly params: GPUBuffer;
  private readonly users: GPUBuffer;
  private readonly items: GPUBuffer;
  private readonly sums: GPUBuffer;
  private readonly partials: GPUBuffer;
  private readonly sgd: { pipeline: GPUComputePipeline; group: GPUBindGroup };
  private readonly finishPipe: GPUComputePipeline;
  private readonly priorPipe: GPUComputePipeline;
  private readonly heldPipe: GPUComputePipeline;
  private readonly paramsGroup: GPUBindGroup;
  private readonly rowGroups: GPUBindGroup[];
  private readonly heldGroup: GPUBindGroup;
  private readonly rowWorkgroups: [number, number];
  private lostReason: string | undefined;
  private readonly lost: Promise<never>;
  /** Bytes written to the device (data, state, parameters) and read back, for the benchmark. */
  bytesUp = 0;
  bytesDown = 0;
  /** Bytes of the buffers this driver holds on the device now, and at most. */
  deviceBytes = 0;
  peakDeviceBytes = 0;

  /** Compiles the kernels and uploads the schedule's examples; the state comes with writeState(). */
  static async create(device: GPUDevice, input: TrainerInput): Promise<GpuDriver> {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let driver: GpuDriver | undefined;
    let thrown: unknown;
    try {
      driver = new GpuDriver(device, input);
    } catch (err) {
      thrown = err;
    }
    // Pop both scopes whatever happened, or they would catch the next job's errors.
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    if (!driver) throw thrown;
    const error = oom ?? validation;
    if (error) {
      driver.destroy();
      throw new AppError('GPU_FAILED', `The GPU could not set up training: ${error.message}`);
    }
    return driver;
  }

  private constructor(device: GPUDevice, input: TrainerInput) {
    this.device = device;
    this.dim = input.dim;
    this.workers = input.schedule.workers;
    this.nUsers = input.nUsers;
    this.nItems = input.nItems;
    this.nHeld = input.heldOut.ratings.length;
    this.stride = rowStride(this.dim);
    this.offsets = input.schedule.offsets;
    this.lost = device.lost.then((info) => {
      this.lostReason = info.message || info.reason;
      throw this.lostError();
    });
    this.lost.catch(() => undefined);

    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    const rowBytes = Math.max(this.nUsers, this.nItems) * this.stride * 4;
    if (rowBytes > limit || this.nHeld * EXAMPLE_BYTES > limit)
      throw new AppError(
        'GPU_FAILED',
        `The model needs a ${Math.ceil(rowBytes / 2 ** 20)} MiB buffer; this GPU allows ${Math.floor(limit / 2 ** 20)} MiB.`,
      );

    this.params = this.buffer(PARAMS_BYTES, UNIFORM | COPY_DST);
    this.users = this.buffer(this.nUsers * this.stride * 4, STORAGE | COPY_DST | COPY_SRC);
    this.items = this.buffer(this.nItems * this.stride * 4, STORAGE | COPY_DST | COPY_SRC);
    this.sums = this.buffer(this.workers * 8, STORAGE | COPY_DST | COPY_SRC);
    const userWg = Math.ceil(this.nUsers / WORKGROUP);
    const itemWg = Math.ceil(this.nItems / WORKGROUP);
    const heldWg = Math.ceil(this.nHeld / WORKGROUP);
    this.rowWorkgroups = [userWg, itemWg];
    this.partials = this.buffer(Math.max(userWg + itemWg, heldWg, 1) * 4, STORAGE | COPY_SRC);
    const offsetsBuf = this.upload(this.offsets, STORAGE);

    const pipes = createPipelines(device, this.dim);
    const group = (l: GPUBindGroupLayout, resources: (GPUBuffer | GPUBufferBinding)[]) =>
      bindGroup(device, l, resources);
    const {
      params: paramsLayout,
      sgd0: sgdLayout0,
      sgd1: sgdLayout1,
      rows1: rowsLayout1,
      held1: heldLayout1,
    } = pipes.layouts;
    this.sgd = {
      pipeline: pipes.sgd,
      group: group(sgdLayout0, [this.params, offsetsBuf, this.users, this.items, this.sums]),
    };
    this.finishPipe = pipes.finish;
    this.priorPipe = pipes.priorStats;
    this.heldPipe = pipes.heldOut;
    this.paramsGroup = group(paramsLayout, [this.params]);
    this.rowGroups = [
      [this.users, this.nUsers, 0],
      [this.items, this.nItems, userWg],
    ].map(([rows, nRows, base], side) => {
      const u = new ArrayBuffer(16);
      new Uint32Array(u, 0, 2).set([nRows as number, base as number]);
      // Bias priors are per side; written with the epoch parameters (setParams).
      const sideBuf = this.upload(new Uint8Array(u), UNIFORM | COPY_DST);
      this.sideBuffers[side] = sideBuf;
      return group(rowsLayout1, [rows as GPUBuffer, this.partials, sideBuf]);
    });
    const heldBuf = this.upload(new Uint8Array(packExamples(input.heldOut, 0, this.nHeld)), STORAGE);
    this.heldGroup = group(heldLayout1, [this.users, this.items, heldBuf, this.partials]);

    // Examples in chunks of whole sub-epochs that each fit one binding.
    const P = this.workers;
    const maxExamples = Math.floor(limit / EXAMPLE_BYTES);
    const steps = new ArrayBuffer(P * STEP_SLOT);
    let first = 0;
    while (first < P) {
      const base = this.offsets[first * P]!;
      let end = first + 1;
      while (end < P && this.offsets[(end + 1) * P]! - base <= maxExamples) end++;
      if (this.offsets[end * P]! - base > maxExamples)
        throw new AppError('GPU_FAILED', 'One sub-epoch of training data exceeds the GPU buffer limit.');
      for (let s = first; s < end; s++) new Uint32Array(steps, s * STEP_SLOT, 2).set([s, base]);
      const buffer = this.upload(
        new Uint8Array(packExamples(input.schedule.examples, base, this.offsets[end * P]!)),
        STORAGE,
      );
      this.chunks.push({ buffer, group: undefined as unknown as GPUBindGroup, first, end });
      first = end;
    }
    const stepBuf = this.upload(new Uint8Array(steps), UNIFORM);
    for (const c of this.chunks) c.group = group(sgdLayout1, [{ buffer: stepBuf, size: 8 }, c.buffer]);
  }

  private readonly sideBuffers: GPUBuffer[] = [];

  private buffer(size: number, usage: number): GPUBuffer {
    const b = this.device.createBuffer({ size: Math.max(16, Math.ceil(size / 4) * 4), usage });
    this.buffers.push(b);
    this.deviceBytes += b.size;
    this.peakDeviceBytes = Math.max(this.peakDeviceBytes, this.deviceBytes);
    return b;
  }

  private upload(data: ArrayBufferView, usage: number): GPUBuffer {
    const b = this.buffer(data.byteLength, usage | COPY_DST);
    this.write(b, data);
    return b;
  }

  /** Writes in slices so a large upload never needs one huge staging copy. */
  private write(b: GPUBuffer, data: ArrayBufferView, at = 0): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const SLICE = 32 * 2 ** 20;
    for (let o = 0; o < bytes.byteLength; o += SLICE)
      this.device.queue.writeBuffer(b, at + o, bytes, o, Math.min(SLICE, bytes.byteLength - o));
    this.bytesUp += bytes.byteLength;
  }

  private lostError(): AppError {
    return new AppError(
      'GPU_LOST',
      `The GPU device was lost during training (${this.lostReason ?? 'unknown reason'}); nothing was saved.`,
    );
  }

  /** Resolves when the device has done p, or rejects as soon as the device is lost. */
  private guard<T>(p: Promise<T>): Promise<T> {
    if (this.lostReason !== undefined) return Promise.reject(this.lostError());
    return Promise.race([p, this.lost]);
  }

  setParams(p: EpochParams): void {
    const buf = new ArrayBuffer(PARAMS_BYTES);
    const f = new Float32Array(buf);
    const u = new Uint32Array(buf);
    f.set([p.mu, p.lr, p.lrBias, p.noiseVar, p.userBiasPrior, p.itemBiasPrior, p.ratingMin, p.ratingMax]);
    u.set([this.workers, this.nHeld], 8);
    f.set(p.priorPrec, 12);
    f.set(p.priorVar, 12 + 256);
    f.set(p.shape, 12 + 512);
    this.write(this.params, f);
    for (const [side, prior] of [p.userBiasPrior, p.itemBiasPrior].entries())
      this.write(this.sideBuffers[side]!, new Float32Array([prior]), 8);
  }

  /** Uploads the posterior (the state's accumulators must be zero, as between epochs). */
  writeState(s: VariationalState, userCounts: Int32Array, itemCounts: Int32Array): void {
    this.write(this.users, packRows(s, 'user', userCounts));
    this.write(this.items, packRows(s, 'item', itemCounts));
  }

  /** Zeroes the per-worker error sums: call at the start of every epoch. */
  startEpoch(): void {
    const enc = this.device.createCommandEncoder();
    enc.clearBuffer(this.sums);
    this.device.queue.submit([enc.finish()]);
  }

  /** Examples in sub-epochs [from, to): the caller sizes its submissions by this. */
  examplesIn(from: number, to: number): number {
    return this.offsets[to * this.workers]! - this.offsets[from * this.workers]!;
  }

  /** Runs sub-epochs [from, to) and waits for the device to finish them. */
  async runSubEpochs(from: number, to: number): Promise<void> {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(this.sgd.pipeline);
    pass.setBindGroup(0, this.sgd.group);
    const groups = Math.ceil(this.workers / WORKGROUP);
    for (const c of this.chunks) {
      for (let s = Math.max(from, c.first); s < Math.min(to, c.end); s++) {
        pass.setBindGroup(1, c.group, [s * STEP_SLOT]);
        pass.dispatchWorkgroups(groups);
      }
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
    await this.guard(this.device.queue.onSubmittedWorkDone());
  }

  /** The epoch's sum of squared errors and of expected squared errors (per-worker partials, summed in f64). */
  async epochSums(): Promise<{ sse: number; ese: number }> {
    const parts = await this.read(this.sums, this.workers * 8);
    let sse = 0;
    let ese = 0;
    for (let w = 0; w < this.workers; w++) {
      sse += parts[2 * w]!;
      ese += parts[2 * w + 1]!;
    }
    return { sse, ese };
  }

  /** Sum over rated users and items of sum_k E[x_k^2] / shape_k (with the current setParams shape). */
  async priorStats(): Promise<number> {
    const enc = this.device.createCommandEncoder();
    this.rowsPass(enc, this.priorPipe);
    this.device.queue.submit([enc.finish()]);
    return sum(await this.read(this.partials, (this.rowWorkgroups[0] + this.rowWorkgroups[1]) * 4));
  }

  /**
   * Between epochs: closed-form variances, regularisers and the KL term (set noiseVar and the prior
   * with setParams first), then the held-out squared error with the updated posterior.
   */
  async finishEpoch(): Promise<{ kl: number; heldOutSe: number }> {
    const enc = this.device.createCommandEncoder();
    this.rowsPass(enc, this.finishPipe);
    const nKl = this.rowWorkgroups[0] + this.rowWorkgroups[1];
    const staging = this.buffer(nKl * 4, COPY_DST | COPY_SRC);
    enc.copyBufferToBuffer(this.partials, 0, staging, 0, nKl * 4);
    if (this.nHeld > 0) {
      const pass = enc.beginComputePass();
      pass.setPipeline(this.heldPipe);
      pass.setBindGroup(0, this.paramsGroup);
      pass.setBindGroup(1, this.heldGroup);
      dispatch(pass, Math.ceil(this.nHeld / WORKGROUP));
      pass.end();
    }
    this.device.queue.submit([enc.finish()]);
    const kl = sum(await this.read(staging, nKl * 4));
    this.release(staging);
    const heldOutSe =
      this.nHeld > 0 ? sum(await this.read(this.partials, Math.ceil(this.nHeld / WORKGROUP) * 4)) : 0;
    return { kl, heldOutSe };
  }

  private rowsPass(enc: GPUCommandEncoder, pipe: GPUComputePipeline): void {
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, this.paramsGroup);
    for (const side of [0, 1]) {
      pass.setBindGroup(1, this.rowGroups[side]!);
      dispatch(pass, this.rowWorkgroups[side]!);
    }
    pass.end();
  }

  /** Copies the device's posterior into s (means, variances, biases, regularisers). */
  async readState(s: VariationalState): Promise<void> {
    unpackRows(await this.read(this.users, this.nUsers * this.stride * 4), s, 'user');
    unpackRows(await this.read(this.items, this.nItems * this.stride * 4), s, 'item');
  }

  /** Reads `bytes` from the start of a buffer through a mappable copy. */
  private async read(src: GPUBuffer, bytes: number): Promise<Float32Array> {
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
    this.peakDeviceBytes = Math.max(this.peakDeviceBytes, this.deviceBytes + size);
    try {
      const enc = this.device.createCommandEncoder();
      enc.copyBufferToBuffer(src, 0, staging, 0, size);
      this.device.queue.submit([enc.finish()]);
      await this.guard(staging.mapAsync(MAP_READ));
      const out = new Float32Array(staging.getMappedRange().slice(0, bytes));
      staging.unmap();
      this.bytesDown += bytes;
      return out;
    } finally {
      staging.destroy();
    }
  }

  private release(b: GPUBuffer): void {
    const i = this.buffers.indexOf(b);
    if (i >= 0) this.buffers.splice(i, 1);
    this.deviceBytes -= b.size;
    b.destroy();
  }

  /** Frees every buffer (the device stays; its owner destroys it). */
  destroy(): void {
    for (const b of this.buffers.splice(0)) b.destroy();
    this.deviceBytes = 0;
  }
}

function dispatch(pass: GPUComputePassEncoder, workgroups: number): void {
  const x = Math.min(workgroups, 65535);
  pass.dispatchWorkgroups(x, Math.ceil(workgroups / x));
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
