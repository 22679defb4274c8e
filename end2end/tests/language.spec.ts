import { test, expect } from "@playwright/test";
import { hydrated, signIn } from "./mail";

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

test.describe("a Brazilian browser", () => {
  test.use({ locale: "pt-BR" });

  test("gets the dashboard in Portuguese and can switch language, for good", async ({ page, browser }) => {
    const email = unique("idioma");
    await signIn(page, email);
    await page.getByLabel("Nome do espaço de trabalho").fill("Loja Águia");
    await page.getByRole("button", { name: "Criar espaço de trabalho" }).click();
    await expect(page.getByTestId("tenant-name")).toHaveText("Loja Águia");
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    const nav = page.getByRole("navigation", { name: "Seções" });
    await expect(nav.getByRole("link", { name: "Visão geral" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sair" })).toBeVisible();

    // Choosing English shows the page again in English.
    await hydrated(page);
    await page.getByTestId("language").selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("language")).toHaveValue("en");

    // The choice belongs to the person: another Portuguese browser they sign in on follows it.
    const other = await browser.newContext({ locale: "pt-BR" });
    const second = await other.newPage();
    await signIn(second, email);
    await expect(second.locator("html")).toHaveAttribute("lang", "en");
    await expect(second.getByRole("button", { name: "Sign out" })).toBeVisible();
    await other.close();
  });
});

test.describe("a Brazilian browser in Manaus", () => {
  test.use({ locale: "pt-BR", timezoneId: "America/Manaus" });

  test("creates a workspace in its own time zone, picked from the searchable list", async ({ page }) => {
    await signIn(page, unique("fuso"));
    await hydrated(page);
    const zone = page.getByTestId("new-timezone");
    await expect(zone).toHaveValue("America/Manaus");
    // Every IANA zone is offered, so typing part of a city finds it.
    await expect(page.locator("#new-timezone-zones option[value='America/Sao_Paulo']")).toHaveCount(1);
    await expect.poll(() => page.locator("#new-timezone-zones option").count()).toBeGreaterThan(300);
    await page.getByLabel("Nome do espaço de trabalho").fill("Loja Norte");
    await page.getByRole("button", { name: "Criar espaço de trabalho" }).click();
    await expect(page.getByTestId("tenant-name")).toHaveText("Loja Norte");
    await expect(page.getByTestId("workspace-zone")).toHaveText("Horários em America/Manaus");
  });
});
