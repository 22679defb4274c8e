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
