import { throttle } from '@lenet-lab/worker/progress-throttle';

describe('throttle', () => {
  let now: number;
  let sent: number[];
  const throttled = () =>
    throttle(
      (value: number) => sent.push(value),
      1_000,
      () => now,
    );

  beforeEach(() => {
    now = 50_000;
    sent = [];
  });

  it('lets the first value through at once', () => {
    const send = throttled();
    send(1);
    expect(sent).toEqual([1]);
  });

  it('drops values within the interval and lets one through once the interval has passed', () => {
    const send = throttled();
    send(1);
    now += 999;
    send(2);
    expect(sent).toEqual([1]);
    now += 1; // exactly one interval after the last one sent
    send(3);
    expect(sent).toEqual([1, 3]);
  });

  it('measures the interval from the last value sent, not the last one offered', () => {
    const send = throttled();
    send(1);
    now += 600;
    send(2); // dropped: must not restart the interval
    now += 400;
    send(3);
    expect(sent).toEqual([1, 3]);
  });

  it('lets a forced value through within the interval, and the interval restarts from it', () => {
    const send = throttled();
    send(1);
    now += 10;
    send(2, true);
    expect(sent).toEqual([1, 2]);
    now += 999;
    send(3);
    expect(sent).toEqual([1, 2]);
    now += 1;
    send(4);
    expect(sent).toEqual([1, 2, 4]);
  });

  it('reads the clock once per value', () => {
    let reads = 0;
    const send = throttle(
      (value: number) => sent.push(value),
      1_000,
      () => (reads++, now),
    );
    send(1);
    send(2, true);
    expect(reads).toBe(2);
  });
});
