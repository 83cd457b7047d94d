/** The browser's pid from a render's debug output (`browser pid N`). */
export function browserPid(stderr: string): number {
  const match = /browser pid (\d+)/.exec(stderr);
  if (!match) throw new Error(`no browser pid in:\n${stderr}`);
  return Number(match[1]);
}

/** True while a process with this pid exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
