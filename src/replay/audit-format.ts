// Raw Linux audit logs (/var/log/audit/audit.log, also `ausearch --raw` output). The
// records of one event share `audit(TIME:SERIAL)` and are not always adjacent, so the
// ones the mapping reads (SYSCALL, SOCKADDR) wait here until the event's EOE record,
// the end of the file, or until too many events are open at once.
import { type AuditEventRecords, auditEventOf, type LocatedRecord } from './audit-event.js';
import { type AuditRecord, parseAuditRecord } from './audit-record.js';
import { type LineResult, malformed } from './types.js';

export type ResultSink = (result: LineResult, line: number) => void;

/** Events held at once; the oldest is completed first when more open. */
const MAX_OPEN_EVENTS = 256;
// ausearch without --raw separates events with these two lines.
const AUSEARCH_SEPARATOR = /^(?:----$|time->)/;

export class AuditAssembler {
  private readonly open = new Map<string, AuditEventRecords>();

  line(text: string, line: number, out: ResultSink): void {
    if (AUSEARCH_SEPARATOR.test(text)) {
      return;
    }

    const record = parseAuditRecord(text);
    if (record === undefined) {
      out(malformed('not an audit record'), line);
      return;
    }
    this.take(record, line, out);
  }

  /** Completes every event still open: the file ended before their EOE. */
  end(out: ResultSink): void {
    for (const id of [...this.open.keys()]) {
      this.complete(id, out);
    }
  }

  private take(record: AuditRecord, line: number, out: ResultSink): void {
    const id = `${record.timeMs}:${record.serial}`;
    if (record.type === 'EOE') {
      this.complete(id, out);
      return;
    }
    if (record.type !== 'SYSCALL' && record.type !== 'SOCKADDR') {
      return;
    }

    const located: LocatedRecord = { record, line };
    const records = this.open.get(id) ?? this.opened(id, line, out);
    if (record.type === 'SYSCALL') {
      records.syscall ??= located;
    } else {
      records.sockaddr ??= located;
    }
  }

  private opened(id: string, line: number, out: ResultSink): AuditEventRecords {
    const records: AuditEventRecords = { firstLine: line };
    this.open.set(id, records);

    // Map order is insertion order: the first key is the oldest open event.
    const [oldest] = this.open.keys();
    if (this.open.size > MAX_OPEN_EVENTS && oldest !== undefined) {
      this.complete(oldest, out);
    }
    return records;
  }

  private complete(id: string, out: ResultSink): void {
    const records = this.open.get(id);
    if (records === undefined) {
      return;
    }

    this.open.delete(id);
    const { result, line } = auditEventOf(records);
    out(result, line);
  }
}
