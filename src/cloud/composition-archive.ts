// Placeholder: the storage branch replaces this file.
import type { CompositionSource } from '../composition/resolve-input.js';
import type { Logger } from '../shared/logger.js';
import type { ObjectStorage } from './storage/object-storage.js';

export interface UploadedComposition { key: string; entry: string; folder: boolean; uploaded: boolean; files: number; bytes: number }

export async function uploadComposition(
  storage: ObjectStorage,
  source: Extract<CompositionSource, { kind: 'file' }>,
  options: { ignore?: (relative: string) => boolean; logger: Logger; signal?: AbortSignal },
): Promise<UploadedComposition> {
  void storage; void source; void options;
  throw new Error('not implemented yet');
}

export async function fetchComposition(storage: ObjectStorage, key: string, cacheDir: string, options: { signal?: AbortSignal }): Promise<string> {
  void storage; void key; void cacheDir; void options;
  throw new Error('not implemented yet');
}
