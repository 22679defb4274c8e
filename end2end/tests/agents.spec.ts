import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./mail";

test("an owner adds an agent and creates a virtual key, shown once", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, `agents-${Date.now()}@example.com`);
  await page.getByLabel("Workspace name").fill("VM Deco");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("VM Deco");

  await page.getByRole("navigation").getByRole("link", { name: "Agents & keys" }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await hydrated(page);
  await expect(page.getByTestId("no-agents")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Lobo");
  await page.getByLabel("Clawdbot agent id").fill("lobo");
  await page.getByRole("button", { name: "Add agent" }).click();
  await expect(page.getByTestId("agents")).toContainText("Lobo");

  await page.getByLabel("Key name").fill("production");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-key").inputValue();
  expect(key).toMatch(/^baas_vk_[0-9A-Za-z]{46}$/);
  const keys = page.getByTestId("keys");
  await expect(keys).toContainText(key.slice(0, 12) + "…");
  await expect(keys).toContainText("Active");
  await expect(keys).not.toContainText(key);

  await page.reload();
  await expect(page.getByTestId("new-key")).toHaveCount(0);
  await expect(page.getByTestId("keys")).toContainText("production");
  await page.screenshot({ path: "test-results/agents.png", fullPage: true });

  // No calls yet: the usage page says what to do instead of showing zeros.
  await page.getByRole("navigation").getByRole("link", { name: "Usage" }).click();
  await expect(page.getByTestId("usage-empty")).toContainText("No model calls in this range");
});
