import { buildAblationReport, renderCharts, renderHtml } from '@lenet-lab/report';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { experiment, fakeTestImage, reportInput, PRESETS, SEEDS } from './support/report-fixtures';

/** Backends as experiments record them: the wasm SIMD kernels, and webgpu on SwiftShader. */
const WASM = 'wasm (SIMD, 2 threads)';
const SWIFTSHADER =
  'webgpu (SwiftShader Device (Subzero), Vulkan; google swiftshader, SwiftShader driver 5.0.0)';

/**
 * The four presets × three seeds of a real ablation, with the long cells that widen the
 * table: a preset whose seeds ran on two backends, and one whose failed seed has a long error.
 */
function realisticHtml(): Promise<string> {
  const experiments = PRESETS.flatMap((preset) =>
    SEEDS.map((seed) => {
      if (preset === 'augmentation' && seed === 3) {
        return experiment(preset, seed, {
          status: 'failed',
          error: 'WebGPU device lost: the adapter was reset while a command buffer ran',
          testAccuracy: null,
          result: null,
          backend: SWIFTSHADER,
        });
      }
      const backend = preset === 'batchnorm' || (preset === 'augmentation' && seed === 2);
      return experiment(preset, seed, {
        testAccuracy: 0.99 + seed / 1000,
        backend: backend ? SWIFTSHADER : WASM,
      });
    }),
  );
  const input = reportInput(experiments);
  input.ablation.name = 'seed protocol: 4 presets x 3 seeds, 60k images, 20 epochs';
  const report = buildAblationReport({ ...input, testImage: fakeTestImage }, { galleryLimit: 4 });
  return renderCharts(report).then((charts) => renderHtml(report, charts));
}

interface Box {
  left: number;
  right: number;
}

interface Layout {
  viewport: number;
  pageWidth: number;
  wrap: Box & { scrollWidth: number; clientWidth: number; overflowX: string };
  table: Box;
  headers: (Box & { text: string; onTop: boolean })[];
}

/** Where the comparison table, its box and each header cell lie, as the browser laid them out. */
function layout(page: Page): Promise<Layout> {
  // The table's own document and window: the project compiles without the DOM's globals.
  return page.locator('#comparison-table').evaluate((table) => {
    const document = table.ownerDocument;
    const window = document.defaultView!;
    const box = (element: typeof table) => {
      const rect = element.getBoundingClientRect();
      return { left: rect.left, right: rect.right };
    };
    const wrap = table.parentElement!;
    return {
      viewport: window.innerWidth,
      pageWidth: document.documentElement.scrollWidth,
      wrap: {
        ...box(wrap),
        scrollWidth: wrap.scrollWidth,
        clientWidth: wrap.clientWidth,
        overflowX: window.getComputedStyle(wrap).overflowX,
      },
      table: box(table),
      headers: [...table.querySelectorAll('thead th')].map((th) => {
        th.scrollIntoView({ block: 'center', inline: 'nearest' });
        const rect = th.getBoundingClientRect();
        // What a reader sees at the cell's centre: the cell itself, not something over it.
        const hit = document.elementFromPoint(
          rect.left + rect.width / 2,
          rect.top + rect.height / 2,
        );
        return { ...box(th), text: th.textContent ?? '', onTop: hit !== null && th.contains(hit) };
      }),
    };
  });
}

describe('The HTML report in a browser', () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    [browser, html] = await Promise.all([launchChromium(), realisticHtml()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.setContent(html);
    return page;
  }

  it('fits the whole comparison table on a 1300 px page, every header cell in view', async () => {
    const page = await open(1300);
    try {
      const { viewport, pageWidth, wrap, table, headers } = await layout(page);

      expect(html).toContain(SWIFTSHADER);
      expect(pageWidth).toBeLessThanOrEqual(viewport);
      expect(wrap.scrollWidth).toBeLessThanOrEqual(wrap.clientWidth);
      expect(table.right).toBeLessThanOrEqual(Math.min(wrap.right, viewport));
      expect(headers.map((header) => header.text)).toContain('Backend');
      for (const header of headers) {
        expect({ ...header, inView: header.left >= 0 && header.right <= wrap.right }).toEqual({
          ...header,
          inView: true,
          onTop: true,
        });
      }
    } finally {
      await page.close();
    }
  });

  it('scrolls a table too wide for a narrow page inside its own box, every header reachable', async () => {
    const page = await open(900);
    try {
      const { viewport, pageWidth, wrap, headers } = await layout(page);

      expect(pageWidth).toBeLessThanOrEqual(viewport);
      expect(wrap.overflowX).toBe('auto');
      expect(wrap.scrollWidth).toBeGreaterThan(wrap.clientWidth);
      // Each header was scrolled into the box before it was measured.
      for (const header of headers) {
        expect({
          ...header,
          inBox: header.left >= wrap.left && header.right <= wrap.right + 0.5,
        }).toEqual({ ...header, inBox: true, onTop: true });
      }
    } finally {
      await page.close();
    }
  });
});
