// Placeholder: the Cloud Run branch replaces this file.
import type { RemoteTransport } from '../remote-transport.js';

export function createCloudRunTransport(options: { serviceUrl: string; env: NodeJS.ProcessEnv }): RemoteTransport {
  void options;
  throw new Error('not implemented yet');
}
