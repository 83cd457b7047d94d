import os from 'node:os';
import { defaultConcurrency, type ConcurrencyChoice, type MachineResources } from '../plan/default-concurrency.js';

/**
 * The cores and free memory of this machine, as the default-concurrency rule reads them.
 * availableParallelism() honours the CPU affinity mask (taskset, a container's cpuset) but not
 * a CFS quota; constrainedMemory() is the cgroup's memory limit (0 or a huge number when none).
 */
export function readMachineResources(): MachineResources {
  // Both exist on every Node this package supports (engines: >= 20).
  const cores = os.availableParallelism();
  const limit = process.constrainedMemory();
  const free = os.freemem();
  return { cores, freeMemoryBytes: limit && limit > 0 && limit < os.totalmem() ? Math.min(free, limit) : free };
}

/** The default concurrency for this machine (see src/plan/default-concurrency.ts). */
export function machineConcurrency(): ConcurrencyChoice {
  return defaultConcurrency(readMachineResources());
}
