import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests attach real BPF programs; sharing the kernel rules out parallel files.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Kernel events reach a test through other processes; give a loaded CI machine time.
    expect: { poll: { timeout: 5_000 } },
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      // Only the root integration tests reach these: they run the CLI and the addon in
      // child processes, which v8 coverage of this process cannot see. binding.ts holds
      // types only and has no code to measure.
      exclude: [
        'src/cli/bin.ts',
        'src/cli/run.ts',
        'src/sensor/sensor.ts',
        'src/native/binding.ts',
      ],
      thresholds: { lines: 80, branches: 75 },
    },
  },
});
