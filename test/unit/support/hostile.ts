// Arbitraries for strings a monitored process controls: its names, paths and arguments.
import fc from 'fast-check';

/** Runs per property: enough to find shallow bugs, few enough to keep the suite fast. */
export const RUNS = 200;

const COMM_BYTES = 15;
const UNTRUSTED_MAX_CHARS = 4096;

// Characters that have broken log and terminal output elsewhere: line breaks, quotes,
// escapes, ANSI and C1 controls, the Unicode separators, BOM and replacement characters.
const NASTY = [
  '\n',
  '\r',
  '\r\n',
  '"',
  '\\',
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '{"a":1}',
  '__proto__',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => {
  return String.fromCharCode(code);
});

const hostileUnit = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  loneSurrogate,
);

/** What decode makes of a comm: up to 15 non-NUL bytes read as UTF-8 (U+FFFD for junk). */
export const commName = fc
  .uint8Array({ min: 1, max: 255, maxLength: COMM_BYTES })
  .map((bytes) => Buffer.from(bytes).toString('utf8'));

/** Any string of up to `maxLength` hostile units. */
export function hostileString(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: hostileUnit, maxLength });
}

/** A process or thread name: what the kernel can hand us, or any short hostile string. */
export const hostileName = fc.oneof(commName, hostileString(COMM_BYTES));

/** An executable path, working directory or argument, up to 4 KB. */
export const hostileText = fc.oneof(
  hostileString(64),
  hostileString(UNTRUSTED_MAX_CHARS),
  hostileName.map((name) => `/tmp/${name}`),
);

/** C0 and C1 controls, DEL and the Unicode line and paragraph separators, as they occur. */
export function rawControls(text: string): string[] {
  return [...text].filter((char) => {
    const code = char.codePointAt(0) as number;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
  });
}
