/**
 * A macrotask that timer clamping never delays (MessageChannel): lets the page's promise
 * chains settle between the steps the runtime runs.
 */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();

export function yieldTask(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}
