import {
  formatDuration,
  formatPercent,
  formatTimestamp,
  plural,
  renderTextTable,
  secondsBetween,
} from '@lenet-lab/cli';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [42.4, '42s'],
    [60, '1m00s'],
    [185, '3m05s'],
    [3720, '1h02m'],
    [undefined, '–'],
    [Number.NaN, '–'],
    [-1, '–'],
  ])('formats %p seconds as %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatPercent', () => {
  it('shows a fraction as a percentage with two decimals by default', () => {
    expect(formatPercent(0.98123)).toBe('98.12%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('shows a dash for a missing value', () => {
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(undefined)).toBe('–');
  });
});

describe('timestamps', () => {
  it('formats an ISO timestamp to the second, in UTC', () => {
    expect(formatTimestamp('2026-11-27T23:01:05.123Z')).toBe('2026-11-27 23:01:05Z');
    expect(formatTimestamp(null)).toBe('–');
  });

  it('measures up to now when there is no end', () => {
    const now = Date.parse('2026-11-27T23:01:10Z');
    expect(secondsBetween('2026-11-27T23:01:00Z', null, now)).toBe(10);
    expect(secondsBetween('2026-11-27T23:01:00Z', '2026-11-27T23:02:00Z', now)).toBe(60);
    expect(secondsBetween(null, null, now)).toBeUndefined();
  });
});

describe('renderTextTable', () => {
  it('pads every column to its widest cell', () => {
    expect(renderTextTable(['a', 'long header'], [['wide cell', 'x']])).toBe(
      ['a          long header', '---------  -----------', 'wide cell  x'].join('\n'),
    );
  });
});

describe('plural', () => {
  it('adds an s, or the plural given, unless there is one', () => {
    expect(plural(1, 'experiment')).toBe('1 experiment');
    expect(plural(8, 'experiment')).toBe('8 experiments');
    expect(plural(2, 'worker process', 'worker processes')).toBe('2 worker processes');
  });
});
