import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests attach real BPF programs; sharing the kernel rules out parallel files.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // Covered by the root integration tests, which need a kernel and privileges.
      exclude: ['src/cli/**', 'src/native/**', 'src/sensor*.ts'],
      thresholds: { lines: 80 },
    },
  },
});
