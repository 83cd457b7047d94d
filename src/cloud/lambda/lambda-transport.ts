// Placeholder: the Lambda branch replaces this file.
import type { RemoteTransport } from '../remote-transport.js';

export function createLambdaTransport(options: { functionName: string; region: string; env: NodeJS.ProcessEnv }): RemoteTransport {
  void options;
  throw new Error('not implemented yet');
}
