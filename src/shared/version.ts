/** Helios's version, as package.json states it (test/unit/version.test.ts keeps the two equal): the CLI's --version and the actions' first log line. */
export const HELIOS_VERSION = '0.1.0';
