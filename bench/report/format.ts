// How numbers read in the report. A missing or failed measurement (NaN) reads "n/a"
// everywhere, never "NaN" or "0".

const NOT_AVAILABLE = 'n/a';

export function fixed(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A ratio to the no-monitor baseline: "1.23×". */
export function times(value: number): string {
  return Number.isFinite(value) ? `${fixed(value, 2)}×` : NOT_AVAILABLE;
}

/** Nanoseconds with a precision that suits their size. */
export function ns(value: number): string {
  return Number.isFinite(value) ? `${fixed(value, value < 100 ? 1 : 0)} ns` : NOT_AVAILABLE;
}

export function ms(value: number): string {
  return Number.isFinite(value) ? `${fixed(value, value < 10 ? 2 : 1)} ms` : NOT_AVAILABLE;
}

export function mib(kb: number): string {
  return Number.isFinite(kb) ? `${fixed(kb / 1024, 1)} MiB` : NOT_AVAILABLE;
}

/** Counts in thousands or millions when large: "200k", "2M", "1.5M". */
export function count(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  if (value >= 1e6) return `${fixed(value / 1e6, value % 1e6 === 0 ? 0 : 1)}M`;
  if (value >= 1e4) return `${fixed(value / 1e3, 0)}k`;
  return fixed(value);
}

/** "met" or "over", against an upper bound. */
export function verdict(value: number, limit: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  return value <= limit ? 'met' : 'over';
}
