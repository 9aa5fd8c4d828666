// Whether this machine has a WebGPU adapter under Node (the `webgpu` package). A user's machine may
// have none: GPU tests then skip with the reason. CI installs software Vulkan (lavapipe, see
// .ci/install-vulkan.sh), so there (CI=true) a missing adapter is a failure, not a skip.
import { nodeGpuProvider } from '../../main/model/gpu/node-provider.ts';

export const gpuStatus = await nodeGpuProvider.status();
export const hasGpu = gpuStatus.available;
export const gpuSkipReason = `(no WebGPU adapter under Node: ${gpuStatus.reason}; CI installs lavapipe via .ci/install-vulkan.sh)`;

if (!hasGpu) console.warn(`[tests] skipping GPU tests ${gpuSkipReason}`);
