/**
 * The runner's secret masking, for the workflow emulator. The runner masks the job's secrets
 * (`secrets.*`, which hold github.token) from its start, and a step that prints
 * `::add-mask::<value>` (what @actions/core's setSecret writes) makes it replace that value by
 * `***` in every later log line and in the step summaries it uploads. Lines printed before the
 * command are not masked afterwards (as on GitHub). Step outputs are not masked: the runner
 * passes them to later steps as they are.
 */
export class SecretMasker {
  private readonly masks: string[] = [];
  /** The values steps registered with `::add-mask::`, in order (what a test checks an action did). */
  readonly added: string[] = [];

  /** @param secrets values the runner masks by itself from the job's start */
  constructor(secrets: string[] = []) {
    for (const s of secrets) this.register(s);
  }

  /** Handles one log line: registers an `::add-mask::` value; returns the line as the log shows it. */
  line(raw: string): string {
    const command = /^::add-mask::(.*)$/.exec(raw);
    if (!command) return this.mask(raw);
    const value = command[1].trim();
    // The runner ignores empty masks; the command's own line is logged with the value hidden.
    if (value) {
      this.register(value);
      if (!this.added.includes(value)) this.added.push(value);
    }
    return '::add-mask::***';
  }

  /** Replaces every masked value (longest first, so one containing another is hidden whole). */
  mask(text: string): string {
    let out = text;
    for (const value of this.masks) out = out.split(value).join('***');
    return out;
  }

  private register(value: string): void {
    if (!value || this.masks.includes(value)) return;
    this.masks.push(value);
    this.masks.sort((a, b) => b.length - a.length);
  }
}
