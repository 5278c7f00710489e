// Reads the lines of one input file in order: detects the file's format from its first
// recognised line, hands each line to that format's parser and sorts the outcomes into
// events, skipped lines and malformed lines. A line in another format is malformed:
// one file holds one format.
import { AuditAssembler } from './audit-format.js';
import { detectLine } from './detect.js';
import { parseEcsDocument } from './ecs-format.js';
import type { MalformedReporter } from './malformed.js';
import { parseRecordDocument } from './sensor-format.js';
import { type LineResult, malformed, type ReplayEvent, type ReplayFormat } from './types.js';

export interface FileSummary {
  file: string;
  /** Undefined when no line was recognised. */
  format: ReplayFormat | undefined;
  lines: number;
  events: number;
  /** Well-formed lines (audit: events) that are not for the rule. */
  skipped: number;
  malformed: number;
}

export class FileParser {
  readonly summary: FileSummary;
  private readonly audit = new AuditAssembler();

  constructor(
    file: string,
    private readonly fileIndex: number,
    private readonly events: ReplayEvent[],
    private readonly reporter: MalformedReporter,
  ) {
    this.summary = { file, format: undefined, lines: 0, events: 0, skipped: 0, malformed: 0 };
  }

  line(text: string): void {
    const line = ++this.summary.lines;
    if (text.trim() === '') {
      return;
    }

    const detected = detectLine(text);
    if (detected.format === undefined) {
      this.report(malformed(detected.reason), line);
      return;
    }
    this.summary.format ??= detected.format;
    if (detected.format !== this.summary.format) {
      this.report(malformed(`${detected.format} line in a ${this.summary.format} file`), line);
      return;
    }

    if (detected.format === 'audit') {
      this.audit.line(text, line, this.report);
    } else if (detected.format === 'sensor') {
      this.report(parseRecordDocument(detected.document), line);
    } else {
      this.report(parseEcsDocument(detected.document), line);
    }
  }

  end(): FileSummary {
    this.audit.end(this.report);
    this.reporter.finish();

    return this.summary;
  }

  private readonly report = (result: LineResult, line: number): void => {
    if (result.type === 'event') {
      const { event, host } = result;
      this.summary.events += 1;
      this.events.push({ event, host, fileIndex: this.fileIndex, line });
    } else if (result.type === 'skip') {
      this.summary.skipped += 1;
    } else {
      this.summary.malformed += 1;
      this.reporter.note(line, result.reason);
    }
  };
}
