// The compute pipelines and their bind group layouts (explicit, so one params bind group serves
// every pass). Group 0 is the epoch's parameters (plus, for SGD, the state); group 1 what varies
// per dispatch: a chunk of examples with the sub-epoch's uniform slot, or one side's rows.
import { heldOutShader, rowsShader, sgdShader } from './shaders.ts';

const COMPUTE = 0x4;
type BindingType = 'uniform' | 'storage' | 'read-only-storage';

export interface Pipelines {
  layouts: Record<'params' | 'sgd0' | 'sgd1' | 'rows1' | 'held1', GPUBindGroupLayout>;
  sgd: GPUComputePipeline;
  finish: GPUComputePipeline;
  priorStats: GPUComputePipeline;
  heldOut: GPUComputePipeline;
}

export function createPipelines(device: GPUDevice, dim: number): Pipelines {
  const layout = (...types: (BindingType | 'dynamic-uniform')[]) =>
    device.createBindGroupLayout({
      entries: types.map((t, binding) => ({
        binding,
        visibility: COMPUTE,
        buffer: t === 'dynamic-uniform' ? { type: 'uniform' as const, hasDynamicOffset: true } : { type: t },
      })),
    });
  const layouts = {
    params: layout('uniform'),
    sgd0: layout('uniform', 'read-only-storage', 'storage', 'storage', 'storage'),
    sgd1: layout('dynamic-uniform', 'read-only-storage'),
    rows1: layout('storage', 'storage', 'uniform'),
    held1: layout('read-only-storage', 'read-only-storage', 'read-only-storage', 'storage'),
  };
  const pipeline = (code: string, entryPoint: string, groups: GPUBindGroupLayout[]) =>
    device.createComputePipeline({
      layout: device.createPipelineLayout({ bindGroupLayouts: groups }),
      compute: { module: device.createShaderModule({ code }), entryPoint },
    });
  const rows = rowsShader(dim);
  return {
    layouts,
    sgd: pipeline(sgdShader(dim), 'main', [layouts.sgd0, layouts.sgd1]),
    finish: pipeline(rows, 'finish', [layouts.params, layouts.rows1]),
    priorStats: pipeline(rows, 'priorStats', [layouts.params, layouts.rows1]),
    heldOut: pipeline(heldOutShader(dim), 'main', [layouts.params, layouts.held1]),
  };
}

export function bindGroup(
  device: GPUDevice,
  layout: GPUBindGroupLayout,
  resources: (GPUBuffer | GPUBufferBinding)[],
): GPUBindGroup {
  return device.createBindGroup({
    layout,
    entries: resources.map((r, binding) => ({ binding, resource: 'buffer' in r ? r : { buffer: r } })),
  });
}
