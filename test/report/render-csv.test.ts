import { CSV_COLUMNS, csvField, renderCsv } from '@lenet-lab/report';
import { parse } from 'csv-parse/sync';
import { smallReport } from './support/small-report';

function parseCsv(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, record_delimiter: '\r\n', relax_quotes: false }) as Record<
    string,
    string
  >[];
}

describe('renderCsv', () => {
  it('parses back to one record per preset with the report’s numbers', () => {
    const report = smallReport();

    const records = parseCsv(renderCsv(report));

    expect(records).toHaveLength(3);
    expect(Object.keys(records[0])).toEqual(CSV_COLUMNS);
    records.forEach((record, i) => {
      const row = report.rows[i];
      expect(record.preset).toBe(row.preset);
      expect(Number(record.test_accuracy_mean_pct)).toBeCloseTo(row.testAccuracy!.mean * 100, 8);
      expect(Number(record.seconds_per_epoch)).toBeCloseTo(row.secondsPerEpoch!, 8);
    });
    const batchnorm = report.rows[2];
    expect(Number(records[2].test_accuracy_std_pct)).toBeCloseTo(
      batchnorm.testAccuracy!.std! * 100,
      8,
    );
    expect(Number(records[2].test_accuracy_ci95_low_pct)).toBeCloseTo(
      batchnorm.testAccuracy!.ci95!.low * 100,
      7,
    );
    expect(Number(records[2].delta_vs_baseline_pp)).toBeCloseTo(
      batchnorm.vsBaseline!.difference! * 100,
      8,
    );
    expect(Number(records[2].p_value)).toBeCloseTo(batchnorm.vsBaseline!.pValue!, 9);
    expect(Number(records[2].welch_df)).toBeCloseTo(batchnorm.vsBaseline!.df!, 8);
  });

  it('leaves values that do not exist empty, never NaN', () => {
    const csv = renderCsv(smallReport());
    const [baseline, augmentation] = parseCsv(csv);

    expect(csv).not.toContain('NaN');
    expect(baseline.delta_vs_baseline_pp).toBe('');
    expect(augmentation.test_accuracy_std_pct).toBe('');
    expect(augmentation.p_value).toBe('');
    expect(augmentation.missing_seeds).toBe('2');
  });

  it('has the mean latency per image at batch 1 and 256, with the seeds it is over', () => {
    const [baseline, augmentation, batchnorm] = parseCsv(renderCsv(smallReport()));

    expect(baseline).toMatchObject({
      latency_batch1_ms_per_image: '0.5',
      latency_batch1_seeds: '2',
      latency_batch256_ms_per_image: '0.02',
      latency_batch256_seeds: '2',
      latency_backends: 'cpu',
    });
    // A completed seed from before models were kept: nothing measured, the cells stay empty.
    expect(augmentation).toMatchObject({
      latency_batch1_ms_per_image: '',
      latency_batch1_seeds: '0',
      latency_batch256_ms_per_image: '',
      latency_batch256_seeds: '0',
      latency_backends: '',
    });
    expect(batchnorm).toMatchObject({ latency_batch1_seeds: '1', latency_batch256_seeds: '1' });
  });

  it('quotes fields with commas and quotes (RFC 4180) so they survive a round trip', () => {
    const [, augmentation] = parseCsv(renderCsv(smallReport()));

    expect(augmentation.status).toBe(
      'incomplete: 1 of 2 seeds missing (seed 2 failed: worker lost, "twice")',
    );
  });

  it('ends every line with CRLF', () => {
    const csv = renderCsv(smallReport());

    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(5);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('formats single fields', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(0.975 * 100)).toBe('97.5');
    expect(csvField(2.1962070329701597e-5)).toBe('0.00002196207033');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('');
  });
});
