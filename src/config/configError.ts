// Everything wrong with a configuration, reported at once: each problem is one
// line "file:line: message" (or "command line: message" for a switch), and the
// error message is those lines joined, so printing it shows them all.
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
