// Placeholder until the gif branch lands.
export async function makeGif(_o: { ffmpeg: string; input: string; output: string; fps: { num: number; den: number }; everyNthFrame: number; gifLoops: number | null; signal?: AbortSignal }): Promise<void> {
  throw new Error('GIF output is not built yet');
}
