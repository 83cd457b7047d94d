// Placeholder: the storage branch replaces this file.
import type { StorageLocation } from '../../plan/chunk-request.js';
import type { ObjectStorage } from './object-storage.js';

export function openStorage(location: StorageLocation, options: { env: NodeJS.ProcessEnv }): ObjectStorage {
  void location; void options;
  throw new Error('not implemented yet');
}
