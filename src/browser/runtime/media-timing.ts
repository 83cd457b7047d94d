/** Placeholder until the media timing module lands: frame times of a clip. */
export interface FrameTimes {
  frameRate: { num: number; den: number } | null;
  times: number[];
  timeBaseSeconds: number;
}
export function seekTargetFor(_times: FrameTimes, t: number): number {
  return t + 1e-4;
}
export function fallbackSeekTarget(t: number): number {
  return t + 1e-4;
}
