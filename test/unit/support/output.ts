// Captures what the CLI writes to stdout and stderr during each test of a file.
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

type Write = typeof process.stdout.write;

export interface CapturedOutput {
  stdout(): string;
  stderr(): string;
  /** Forgets what stdout received so far. */
  clearStdout(): void;
}

/** Call at the top level of a test file: installs the spies before each test. */
export function captureOutput(): CapturedOutput {
  let stdout: MockInstance<Write> | undefined;
  let stderr: MockInstance<Write> | undefined;

  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  return {
    stdout: () => written(stdout),
    stderr: () => written(stderr),
    clearStdout: () => stdout?.mockClear(),
  };
}

function written(spy: MockInstance<Write> | undefined): string {
  return spy?.mock.calls.map(([chunk]) => String(chunk)).join('') ?? '';
}
