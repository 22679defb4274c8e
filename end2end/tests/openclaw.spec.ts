import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hydrated, signIn } from "./mail";

const GROUP = "120363088888888888@g.us";

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with scripts/test.sh`);
  return v;
}

function groupInFile(): { requireMention?: boolean } {
  const config = JSON.parse(readFileSync(env("BAAS_E2E_OPENCLAW_CONFIG"), "utf8"));
  return config.channels.whatsapp.groups[GROUP];
}

/** One request to the OpenClaw gateway, as its owner's own tools would send it. */
function gateway(method: string, params: object): any {
  const out = execFileSync(env("BAAS_E2E_NODE24"), [
    env("BAAS_E2E_GATEWAY_REQUEST"),
    env("BAAS_E2E_OPENCLAW_PORT"),
    env("BAAS_E2E_OPENCLAW_TOKEN"),
    method,
    JSON.stringify(params),
  ]);
  return JSON.parse(out.toString());
}

/** The system prompts of the last requests that reached the mock provider. */
async function prompts(): Promise<string[]> {
  const res = await fetch(`${env("BAAS_E2E_MOCK_URL")}/__mock/prompts`);
  return (await res.json()) as string[];
}

test("an owner toggles a group's mention and edits SOUL.md on a real OpenClaw; the next turn carries it", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/login");
  await signIn(page, `openclaw-${Date.now()}@example.com`);
  await page.getByLabel("Workspace name").fill("Clínica Sorriso");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Clínica Sorriso");

  await page.getByRole("navigation").getByRole("link", { name: "Bots" }).click();
  await hydrated(page);
  const form = page.getByTestId("add-bot");
  await form.getByLabel("Name").fill("Recepção");
  await form.getByLabel("Gateway address").fill(`ws://127.0.0.1:${env("BAAS_E2E_OPENCLAW_PORT")}`);
  await form.getByLabel("Gateway token").fill(env("BAAS_E2E_OPENCLAW_TOKEN"));
  await form.getByRole("button", { name: "Add bot" }).click();
  const row = page.getByTestId("bot").filter({ hasText: "Recepção" });
  await expect(async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(row.getByTestId("bot-state")).toHaveText("online", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(row.getByTestId("bot-version")).toContainText("OpenClaw 2026.9.6");

  // The group's mention toggle reaches OpenClaw's own config file.
  await row.getByTestId("configure").click();
  await hydrated(page);
  const toggle = page.locator(`[data-group="${GROUP}"]`).getByTestId("require-mention");
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(page.getByTestId("saved")).toContainText("version 1");
  await expect.poll(() => groupInFile().requireMention).toBe(false);
  await expect(page.getByTestId("versions")).toContainText("requireMention: true → false");

  // SOUL.md edited in the dashboard, with its preview.
  await page.getByTestId("persona-link").click();
  await expect(page).toHaveURL(/\/persona/);
  await hydrated(page);
  await page.getByTestId("persona-tab-SOUL.md").click();
  const marker = `MARKER-E2E-${Date.now()}`;
  const soul = `# SOUL\nYou are Dra. Ana's receptionist. ${marker}\n`;
  await page.getByTestId("persona-text").fill(soul);
  await expect(page.getByTestId("persona-preview")).toContainText(marker);
  await page.getByTestId("persona-save").click();
  await expect(page.getByTestId("persona-saved")).toContainText("Saved as version");
  await expect(page.getByTestId("persona-versions")).toContainText(marker);
  expect((await prompts()).some((p) => p.includes(marker))).toBe(false);

  // The next agent turn's request to the model carries it.
  const accepted = gateway("agent", {
    message: "Oi, quero marcar uma consulta",
    agentId: "main",
    sessionKey: "agent:main:baas-e2e",
    idempotencyKey: `e2e-${Date.now()}`,
  });
  expect(accepted.runId).toBeTruthy();
  await expect
    .poll(async () => (await prompts()).some((p) => p.includes(marker)), { timeout: 90_000 })
    .toBe(true);
  await page.screenshot({ path: "test-results/openclaw-persona.png", fullPage: true });
});
