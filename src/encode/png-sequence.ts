// Placeholder until the gif branch lands.
export async function writePngSequence(_o: { ffmpeg: string; input: string; dir: string; pattern: string; startNumber: number; signal?: AbortSignal }): Promise<void> {
  throw new Error('PNG frames are not built yet');
}
