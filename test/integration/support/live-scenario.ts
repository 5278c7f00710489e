import { expect } from 'vitest';
import { type Json, SensorProcess } from './sensor-process.js';
import { TestNet } from './test-net.js';
import { Trigger } from './trigger.js';

export const PORT = 8080;
/** Nothing listens there: a connection attempt that the peer refuses. */
export const CLOSED_PORT = 9;
const ALERT_WAIT_MS = 5_000;

/**
 * A running sensor, a private client/server network pair with a listener on
 * PORT, and the trigger program, ready for one test file to drive.
 */
export class LiveScenario {
  private constructor(
    readonly net: TestNet,
    readonly trigger: Trigger,
    readonly sensor: SensorProcess,
  ) {}

  static async start(sensorArgs: string[] = []): Promise<LiveScenario> {
    const net = TestNet.create();
    const trigger = Trigger.build();

    try {
      await net.listen(PORT);
      return new LiveScenario(net, trigger, await SensorProcess.start(sensorArgs));
    } catch (error) {
      net.dispose();
      trigger.dispose();
      throw error;
    }
  }

  /** Runs the trigger in the client namespace; resolves with its pid once it exited. */
  async run(...args: string[]): Promise<number> {
    const [command, argv] = this.net.inClient(this.trigger.path, args);
    return (await this.trigger.run(command, argv)).pid;
  }

  async alertOf(pid: number): Promise<Json> {
    const { sensor } = this;

    await sensor.waitFor(() => sensor.alertsFor(pid).length > 0, ALERT_WAIT_MS, `alert ${pid}`);
    return sensor.alertsFor(pid)[0] as Json;
  }

  /** Runs a positive control and waits for its alert: everything before it was seen. */
  async settle(): Promise<void> {
    await this.alertOf(await this.run(this.net.serverV4, String(PORT)));
  }

  async expectNoAlertFor(pid: number): Promise<void> {
    await this.settle();

    expect(this.sensor.alertsFor(pid)).toEqual([]);
  }

  async dispose(): Promise<void> {
    await this.sensor.stop('SIGKILL');
    this.net.dispose();
    this.trigger.dispose();
  }
}
