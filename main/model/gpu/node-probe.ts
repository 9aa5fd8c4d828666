// Run as a script (node node-probe.ts): prints the WebGPU adapter the `webgpu` package finds, as
// JSON, and exits. node-provider.ts probes in this child process so that a driver's chatter on
// stderr (lavapipe makes Dawn print limit warnings) or a driver crash never reaches the worker
// when "auto" ends up on the CPU anyway.
import { openNodeGpu } from './node-device.ts';

const s = await openNodeGpu();
if ('reason' in s) process.stdout.write(JSON.stringify({ reason: s.reason }));
else {
  process.stdout.write(JSON.stringify({ adapter: s.adapter }));
  s.close();
}
