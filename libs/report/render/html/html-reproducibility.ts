import type { AblationReport } from '../../ablation-report';
import { datasetHashSets, datasetSetOf } from '../dataset-hash-sets';
import { MISSING } from '../format';
import { escapeHtml, htmlRow } from './html-escape';

/** Per experiment what identifies its run, then the dataset hashes and package versions. */
export function reproducibilitySection(report: AblationReport): string {
  const sets = datasetHashSets(report);
  const rows = report.reproducibility.experiments.map((e) => {
    const set = datasetSetOf(sets, e.experimentId);
    return `<tr><td>${escapeHtml(e.preset)}</td><td>${e.seed}</td><td>${escapeHtml(e.status)}</td><td class="hash">${escapeHtml(e.experimentId)}</td><td class="hash">${escapeHtml(e.configHash)}</td><td class="hash">${escapeHtml(e.codeVersion ?? MISSING)}</td><td>${escapeHtml(e.backend ?? MISSING)}</td><td>${escapeHtml(e.device ?? MISSING)}</td><td>${set === null ? MISSING : `D${set}`}</td></tr>`;
  });
  const datasets = sets.map(
    (set) => `<h3>Dataset D${set.id}</h3>
<table class="dataset-hashes"><tbody>
${set.files.map(([file, sha]) => `<tr><td>${escapeHtml(file)}</td><td class="hash">${escapeHtml(sha)}</td></tr>`).join('\n')}
</tbody></table>`,
  );
  const packages = Object.entries(report.reproducibility.packageVersions);
  const packageTable =
    packages.length > 0
      ? `<h3>Packages</h3>
<table class="package-versions"><tbody>
${packages.map(([name, version]) => htmlRow([name, version])).join('\n')}
</tbody></table>`
      : '';
  return `<section id="reproducibility">
<h2>Reproducibility</h2>
<div class="table-wrap"><table class="experiments">
<thead>${htmlRow(['preset', 'seed', 'status', 'experiment', 'config hash', 'code version', 'backend', 'device', 'dataset'], 'th')}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
${datasets.join('\n')}
${packageTable}
</section>`;
}
