// What a chart drew, read back from its canvas in the page.
import type { Page } from "@playwright/test";

/** Pixels a chart's canvas has drawn (alpha above zero). */
export async function drawnPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`#${id} canvas`) as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  }, id);
}

/** How a chart lays its labels out now: its width, its category axis's label room and
 * overflow, and whether its first series (a donut) labels its slices. */
export async function labelLayout(page: Page, id: string) {
  return page.evaluate((id) => {
    const el = document.getElementById(id);
    const chart = el && (window as any).echarts?.getInstanceByDom(el);
    if (!chart) return null;
    const o = chart.getOption();
    const axis = [...(o.yAxis ?? []), ...(o.xAxis ?? [])].find((a: any) => a.type === "category");
    return {
      chartWidth: el.clientWidth as number,
      labelWidth: (axis?.axisLabel?.width ?? null) as number | null,
      overflow: (axis?.axisLabel?.overflow ?? null) as string | null,
      sliceLabels: (o.series?.[0]?.label?.show ?? null) as boolean | null,
    };
  }, id);
}
