/** The page's own errors (thrown, unhandled rejections, thrown by callbacks the runtime runs), collected for the renderer. */
const errors: string[] = [];

export function describeError(e: unknown): string {
  if (e && typeof e === 'object' && 'stack' in e && (e as Error).stack) return String((e as Error).stack);
  return String(e);
}

export function pushPageError(text: string): void {
  errors.push(text);
}

export function listenForPageErrors(): void {
  window.addEventListener('error', (ev) => {
    errors.push(ev.error ? describeError(ev.error) : `${ev.message} at ${ev.filename}:${ev.lineno}`);
  });
  window.addEventListener('unhandledrejection', (ev) => {
    errors.push(`Unhandled promise rejection: ${describeError(ev.reason)}`);
  });
}

/** The errors since the last call, as one text (or null), deduplicated. */
export function takePageErrors(): string | null {
  if (!errors.length) return null;
  const text = [...new Set(errors)].join('\n');
  errors.length = 0;
  return text;
}
