import { JobLeases } from '../../libs/worker/job-leases';

describe('JobLeases', () => {
  let now = 0;
  const leases = () => new JobLeases(3_000, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('holds a job while its lock is renewed, and loses it a lock duration after the last renewal', () => {
    const book = leases();
    book.start('a');
    now += 2_999;
    expect(book.lost('a')).toBe(false);
    book.renewed(['a']);
    now += 2_999;
    expect(book.lost('a')).toBe(false);
    now += 1; // a frozen process, or Redis out of reach: the lock has expired
    expect(book.lost('a')).toBe(true);
  });

  it('loses a job at once when BullMQ refuses to renew its lock', () => {
    const book = leases();
    book.start('a');
    book.start('b');
    book.renewalRefused(['a']);
    expect(book.lost('a')).toBe(true);
    expect(book.lost('b')).toBe(false);
  });

  it('knows nothing of jobs it did not start, and a job started again is held again', () => {
    const book = leases();
    book.renewalRefused(['x']);
    expect(book.lost('x')).toBe(false);
    book.start('a');
    book.renewalRefused(['a']);
    book.start('a');
    expect(book.lost('a')).toBe(false);
  });

  it('recognises BullMQ’s errors about a lost job, also after the job ended, and no others', () => {
    const book = leases();
    book.start('lost-job');
    book.start('kept-job');
    book.renewalRefused(['lost-job']);
    expect(book.isEchoOfLostJob(new Error('could not renew lock for job lost-job'))).toBe(true);
    book.end('lost-job');
    book.end('kept-job');
    expect(book.isEchoOfLostJob(new Error('Missing lock for job lost-job. moveToFinished'))).toBe(
      true,
    );
    expect(
      book.isEchoOfLostJob(
        new Error('Lock mismatch for job lost-job. Cmd moveToFinished from active'),
      ),
    ).toBe(true);
    expect(book.isEchoOfLostJob(new Error('Missing lock for job kept-job. moveToFinished'))).toBe(
      false,
    );
    expect(book.isEchoOfLostJob(new Error('Connection is closed.'))).toBe(false);
  });
});
