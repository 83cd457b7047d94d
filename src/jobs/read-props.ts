// Placeholder until the props branch lands (replaced by its readProps).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function readProps(text: string, cwd: string): Record<string, unknown> {
  const json = text.trim().startsWith('{') ? text : readFileSync(path.resolve(cwd, text), 'utf8');
  return JSON.parse(json) as Record<string, unknown>;
}
