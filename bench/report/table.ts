export type Align = 'left' | 'right';

// A pipe inside a cell would start a new column; a newline would end the row.
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * A GitHub-flavoured Markdown table with columns padded to equal width, so it reads
 * as well in a terminal as rendered. Columns are left-aligned unless `align` says.
 */
export function markdownTable(header: string[], rows: string[][], align: Align[] = []): string {
  const lines = [header, ...rows].map((row) => header.map((_, i) => cell(row[i] ?? '')));
  const widths = header.map((_, i) => Math.max(3, ...lines.map((line) => line[i]?.length ?? 0)));

  const pad = (text: string, i: number): string =>
    align[i] === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const row = (line: string[]): string => `| ${line.map(pad).join(' | ')} |`;
  const rule = widths.map((w, i) =>
    align[i] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w),
  );

  return [row(lines[0] ?? []), `| ${rule.join(' | ')} |`, ...lines.slice(1).map(row)].join('\n');
}
