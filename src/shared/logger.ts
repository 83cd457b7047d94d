/** Where the engine reports what it does; entry points decide how it is shown. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** A logger that drops everything: the default for library callers. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };
