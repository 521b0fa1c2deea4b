import type { Experiment } from '@lenet-lab/contract';
import { jobProgressText } from './job-progress-text';
import { escapeHtml, linkList, liveRegion, renderPage, statusBadge } from './page-layout';

export const experimentPagePath = (id: string) => `/experiments/${id}`;
export const experimentProgressPath = (id: string) => `${experimentPagePath(id)}/progress`;
export const experimentCurvesPath = (id: string) => `${experimentPagePath(id)}/curves`;

const percent = (fraction: number | null) =>
  fraction === null ? '–' : `${(fraction * 100).toFixed(2)} %`;

/** Status, progress and results: what `progress` and `status` events change. */
export function experimentProgressBlock(experiment: Experiment): string {
  const fraction = experiment.progress?.fraction ?? (experiment.status === 'completed' ? 1 : 0);
  const links = experiment.links
    ? linkList([
        ['models', experiment.links.models],
        ['model.json', experiment.links.model],
        ['model.onnx', experiment.links.onnx],
      ])
    : '<p class="note">Its models can be downloaded once it has completed.</p>';
  return `<p>Status <span id="experiment-status">${statusBadge(experiment.status)}</span>
<progress max="1" value="${fraction}"></progress> <span class="cell-progress">${escapeHtml(jobProgressText(experiment.progress))}</span></p>
${experiment.error ? `<p class="warnings">${escapeHtml(experiment.error)}</p>` : ''}
<dl class="metadata">
<dt>Test accuracy</dt><dd id="test-accuracy">${percent(experiment.testAccuracy)}</dd>
<dt>Best validation accuracy</dt><dd>${percent(experiment.bestValAccuracy)}${experiment.bestEpoch === null ? '' : ` (epoch ${experiment.bestEpoch})`}</dd>
<dt>Epochs run</dt><dd>${experiment.epochsRun}${experiment.stoppedEarly ? ' (stopped early)' : ''}</dd>
<dt>Backend</dt><dd>${escapeHtml(experiment.backend ?? '–')}</dd>
<dt>Started</dt><dd>${escapeHtml(experiment.startedAt ?? '–')}</dd>
<dt>Finished</dt><dd>${escapeHtml(experiment.finishedAt ?? '–')}</dd>
</dl>
<h3>Models</h3>
${links}`;
}

/** An experiment's page: config, progress, curves and models, refreshed as events arrive. */
export function experimentPage(experiment: Experiment, curves: string): string {
  const api = `/api/experiments/${experiment.id}`;
  const title = experiment.name;
  const body = `<header><h1>Experiment: ${escapeHtml(title)}</h1>
<p class="note">${escapeHtml(experiment.id)} · preset ${escapeHtml(experiment.preset ?? '–')} · seed ${experiment.seed} · created ${escapeHtml(experiment.createdAt)}</p>
${linkList([
  ['JSON', api],
  ['metrics.csv', `${api}/metrics.csv`],
  ['events', `${api}/events`],
])}</header>
<section><h2>Progress</h2>
${liveRegion({ id: 'live-progress', fragment: experimentProgressPath(experiment.id), refreshOn: ['progress', 'status'], content: experimentProgressBlock(experiment) })}
</section>
<section id="curves"><h2>Curves</h2>
${liveRegion({ id: 'experiment-curves', fragment: experimentCurvesPath(experiment.id), refreshOn: ['epoch', 'status'], content: curves })}
</section>
<section id="config"><h2>Config</h2>
<p class="note">Config hash <code>${escapeHtml(experiment.configHash)}</code></p>
<pre class="config">${escapeHtml(JSON.stringify(experiment.config, null, 2))}</pre>
</section>`;
  return renderPage({ title: `Experiment ${title}`, body, events: `${api}/events` });
}
