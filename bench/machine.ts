import { readFileSync } from 'node:fs';
import os from 'node:os';
import { runTool } from '../src/encode/ffmpeg-process.js';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGB: number;
  os: string;
  node: string;
  ffmpeg: string;
  /** Filled in from the browsers the cases launched. */
  chromium: string[];
  loadAverageAtStart: number[];
  /** Filled in when the run ends. */
  loadAverageAtEnd?: number[];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => /^model name\s*:/.test(l));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]} (${os.release()})`;
  } catch {
    // no os-release
  }
  return `${os.type()} ${os.release()}`;
}

export async function machineInfo(ffmpeg: string): Promise<MachineInfo> {
  const ffmpegVersion = (await runTool(ffmpeg, ['-version']).catch(() => 'unknown')).split('\n')[0]!.replace(/ Copyright.*$/, '');
  return {
    cores: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: cpuModel(),
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    ffmpeg: ffmpegVersion,
    chromium: [],
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
