// Field access for ECS documents, which arrive with dotted keys ({"process.pid": 1}),
// nested objects ({"process": {"pid": 1}}) or a mix, depending on who exported them.
// Readers throw InvalidFieldError naming the field; the format's parser turns that
// into a malformed line.
import { InvalidFieldError } from './errors.js';

export type Document = Record<string, unknown>;

export interface Range {
  min: number;
  max: number;
}

export const U32: Range = { min: 0, max: 0xffff_ffff };
export const PORT: Range = { min: 0, max: 0xffff };
/** A syscall's return value: -errno, 0 or (mmap) a user-space address. */
export const RETURN_VALUE: Range = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

const HEX = /^(?:0x)?([0-9a-f]{1,16})$/i;
const DECIMAL = /^-?\d{1,16}$/;

export function isDocument(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, whichever of the path's dots are nesting. */
export function fieldOf(document: unknown, path: string): unknown {
  if (!isDocument(document)) {
    return undefined;
  }
  if (Object.hasOwn(document, path)) {
    return document[path];
  }

  for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    const value = Object.hasOwn(document, head)
      ? fieldOf(document[head], path.slice(dot + 1))
      : undefined;
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

export function optionalText(document: Document, path: string): string | undefined {
  const value = fieldOf(document, path);
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InvalidFieldError(path, 'must be a string');
  }

  return value;
}

export function requiredText(document: Document, path: string): string {
  const value = optionalText(document, path);
  if (value === undefined || value === '') {
    throw new InvalidFieldError(path, 'is missing');
  }

  return value;
}

/** An integer written as a JSON number or as a decimal string, as exporters differ. */
export function optionalInteger(
  document: Document,
  path: string,
  range: Range,
): number | undefined {
  const value = fieldOf(document, path);
  if (value === undefined || value === null) {
    return undefined;
  }

  const number = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !inRange(number, range)) {
    throw new InvalidFieldError(path, `must be an integer from ${range.min} to ${range.max}`);
  }
  return number;
}

export function requiredInteger(document: Document, path: string, range: Range): number {
  const value = optionalInteger(document, path, range);
  if (value === undefined) {
    throw new InvalidFieldError(path, 'is missing');
  }

  return value;
}

/** auditd's syscall arguments: hex without 0x, as the kernel logs them. */
export function optionalHex(document: Document, path: string): bigint | undefined {
  const text = optionalText(document, path);
  if (text === undefined) {
    return undefined;
  }

  const match = HEX.exec(text);
  if (match === null) {
    throw new InvalidFieldError(path, 'must be a hex number of at most 64 bits');
  }
  return BigInt(`0x${match[1]}`);
}

function inRange(value: number, { min, max }: Range): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}
