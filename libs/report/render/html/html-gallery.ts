import type { GalleryItem, PresetErrorAnalysis } from '../../ablation-report';
import { DIGIT_SIDE } from '../../digit-png';
import { escapeHtml } from './html-escape';

const DISPLAY_SCALE = 2;

function caption(item: GalleryItem, classNames: readonly string[]): string {
  return `${classNames[item.label]} → ${classNames[item.predicted]} (${item.confidence.toFixed(2)})`;
}

function digitFigure(item: GalleryItem, classNames: readonly string[]): string {
  const side = DIGIT_SIDE * DISPLAY_SCALE;
  const alt = `test image ${item.index}: true ${classNames[item.label]}, predicted ${classNames[item.predicted]}`;
  const image = item.image
    ? `<img src="${escapeHtml(item.image)}" width="${side}" height="${side}" alt="${escapeHtml(alt)}">`
    : '';
  return `<figure class="digit" data-index="${item.index}">${image}<figcaption>${escapeHtml(caption(item, classNames))}<br><span class="note">#${item.index}</span></figcaption></figure>`;
}

/** The most confident mistakes of each preset's first seed, drawn from the test images. */
export function gallerySection(analyses: readonly PresetErrorAnalysis[]): string {
  const presets = analyses
    .filter((analysis) => analysis.gallery.length > 0)
    .map(
      (analysis) => `<div class="gallery-preset" data-preset="${escapeHtml(analysis.preset)}">
<h3>${escapeHtml(analysis.label)} <span class="note">(seed ${analysis.gallerySeed})</span></h3>
<div class="gallery-grid">
${analysis.gallery.map((item) => digitFigure(item, analysis.classNames)).join('\n')}
</div>
</div>`,
    );
  const body =
    presets.length > 0
      ? presets.join('\n')
      : '<p class="note">No misclassified examples to show.</p>';
  const missingImages = analyses.some((analysis) =>
    analysis.gallery.some((item) => item.image === null),
  );
  return `<section id="gallery">
<h2>Misclassified test images</h2>
<p class="note">Most confident mistakes first; captions read true → predicted (confidence).${missingImages ? ' Images were not supplied with this report.' : ''}</p>
${body}
</section>`;
}
