import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { hydrated, signIn } from "./mail";

const GROUP = "120363099999999999@g.us";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with scripts/test.sh`);
  return v;
}

function groupInFile(): { requireMention?: boolean } {
  const config = JSON.parse(readFileSync(env("BAAS_E2E_CLAWDBOT_CONFIG"), "utf8"));
  return config.channels.whatsapp.groups[GROUP];
}

test("an owner connects a real Clawdbot and turns off requireMention for one group", async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto("/login");
  await signIn(page, `bots-${Date.now()}@example.com`);
  await page.getByLabel("Workspace name").fill("VM Deco");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("VM Deco");

  await page.getByRole("navigation").getByRole("link", { name: "Bots" }).click();
  await hydrated(page);
  await expect(page.getByTestId("no-bots")).toBeVisible();
  const form = page.getByTestId("add-bot");
  await form.getByLabel("Name").fill("Loja");
  await form.getByLabel("Gateway address").fill(env("BAAS_E2E_CLAWDBOT_URL"));
  await form.getByLabel("Gateway token").fill(env("BAAS_E2E_CLAWDBOT_TOKEN"));
  await form.getByRole("button", { name: "Add bot" }).click();
  const row = page.getByTestId("bot").filter({ hasText: "Loja" });
  await expect(row).toBeVisible();
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(row.getByTestId("bot-state")).toHaveText("online", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // On a phone the bot's state is on screen without scrolling sideways, here and on the Overview.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [where, state] of [
    ["Bots", row.getByTestId("bot-state")],
    ["Overview", page.getByTestId("overview-bot").filter({ hasText: "Loja" }).getByTestId("bot-state")],
  ] as const) {
    if (where === "Overview") {
      await page.getByTestId("menu-toggle").click();
      await page.getByRole("navigation").getByRole("link", { name: "Overview" }).click();
    }
    await expect(state).toBeVisible();
    const box = await state.boundingBox();
    expect(box, `${where}: the state is laid out`).not.toBeNull();
    expect(box!.x + box!.width, `${where}: the state ends inside 390 px`).toBeLessThanOrEqual(390);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${where}: no sideways scrolling`).toBeLessThanOrEqual(0);
  }
  await page.screenshot({ path: "test-results/bots-phone.png" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("navigation").getByRole("link", { name: "Bots" }).click();

  await row.getByTestId("configure").click();
  await expect(page).toHaveURL(/\/bots\/[^/]+$/);
  await hydrated(page);
  const group = page.locator(`[data-group="${GROUP}"]`);
  const toggle = group.getByTestId("require-mention");
  await expect(toggle).toBeChecked();
  expect(groupInFile().requireMention).toBe(true);

  await toggle.uncheck();
  await expect(page.getByTestId("saved")).toContainText("version 1");
  // Clawdbot validated and wrote it: the bot's own config file now says so.
  expect(groupInFile().requireMention).toBe(false);
  await expect(page.getByTestId("versions")).toContainText("requireMention: true → false");
  await expect(page.locator(`[data-group="${GROUP}"]`).getByTestId("require-mention")).not.toBeChecked();
  await page.screenshot({ path: "test-results/bot-config.png", fullPage: true });
});
