import * as fs from "node:fs";
import * as path from "node:path";
import { expect, type Page } from "@playwright/test";

/** Emails the SMTP sink received for `to`, oldest first. */
export function mailsTo(to: string): Array<{ text: string; subject: string }> {
  const dir = process.env.BAAS_TEST_MAILDIR;
  if (!dir) throw new Error("BAAS_TEST_MAILDIR is not set: run through scripts/test.sh");
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".json") && !n.startsWith("."))
    .sort()
    .map((n) => JSON.parse(fs.readFileSync(path.join(dir, n), "utf8")))
    .filter((m) => (m.to as string[]).includes(to.toLowerCase()));
}

/** Waits for an email beyond the first `already` for `to` and returns the first link in it. */
export async function nextLink(to: string, already: number, marker: string): Promise<string> {
  let link = "";
  await expect
    .poll(() => {
      const mails = mailsTo(to);
      if (mails.length <= already) return "";
      const text = mails[mails.length - 1].text;
      const m = text.match(/https?:\/\/\S+/);
      link = m ? m[0] : "";
      return link;
    })
    .toContain(marker);
  return link;
}

/** Waits until the WASM bundle has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in through the login form and the emailed link; ends wherever the link leads. */
export async function signIn(page: Page, email: string) {
  const already = mailsTo(email).length;
  if (!page.url().includes("/login")) await page.goto("/login");
  // The form speaks the browser's language: English, Portuguese or Spanish.
  await page.getByLabel(/^(Email|E-mail|Correo electrónico)$/).fill(email);
  await page
    .getByRole("button", { name: /^(Email me a sign-in link|Enviar link de acesso por e-mail|Envíame un enlace de acceso)$/ })
    .click();
  await expect(page.getByTestId("link-sent")).toContainText(email);
  const link = await nextLink(email, already, "/auth/verify?token=");
  await page.goto(link);
  await page.getByTestId("confirm-sign-in").click();
}
