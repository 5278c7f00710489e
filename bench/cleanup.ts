// Everything the benchmark changes on the host is undone here: namespaces, child
// processes, audit rules, temporary files. Undo steps are synchronous so that they can
// run from a signal handler or an 'exit' hook, where nothing asynchronous completes.

type Undo = () => void;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** 128 + SIGINT, what a shell reports for a run stopped with Ctrl-C. */
const EXIT_INTERRUPTED = 130;

export class Cleanup {
  private readonly steps: { what: string; undo: Undo }[] = [];
  private readonly onSignal = (): void => {
    process.stderr.write('bench: interrupted, cleaning up\n');
    this.runAll();
    process.exit(EXIT_INTERRUPTED);
  };

  /** Installs the signal and exit hooks; call runAll() (or let them) before leaving. */
  constructor() {
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    process.on('exit', () => this.runAll());
  }

  /** Registers an undo step; the returned function runs it early (and only once). */
  add(what: string, undo: Undo): () => void {
    const step = { what, undo };
    this.steps.push(step);

    return () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) this.steps.splice(index, 1);
      this.attempt(step);
    };
  }

  /** Runs every pending step, newest first; a failing step does not stop the others. */
  runAll(): void {
    while (this.steps.length > 0) this.attempt(this.steps.pop() as (typeof this.steps)[0]);
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
  }

  private attempt(step: { what: string; undo: Undo }): void {
    try {
      step.undo();
    } catch (error) {
      process.stderr.write(`bench: cleanup of ${step.what} failed: ${String(error)}\n`);
    }
  }
}
