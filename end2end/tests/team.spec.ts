import { test, expect } from "@playwright/test";
import { hydrated, mailsTo, signIn } from "./mail";

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

test("sign up, create a workspace, invite a member and a viewer", async ({ browser }) => {
  const ownerEmail = unique("owner");
  const memberEmail = unique("member");
  const viewerEmail = unique("viewer");

  // The owner signs up through the emailed link and creates a workspace.
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await owner.goto("/");
  await expect(owner).toHaveURL(/\/login/);
  await signIn(owner, ownerEmail);
  await expect(owner).toHaveURL(/\/onboarding/);
  await owner.getByLabel("Workspace name").fill("Alcateia");
  await owner.getByRole("button", { name: "Create workspace" }).click();
  await expect(owner).toHaveURL(/\/t\/[0-9a-f-]+$/);
  await expect(owner.getByTestId("tenant-name")).toHaveText("Alcateia");
  await expect(owner.getByTestId("my-role")).toHaveText("Owner");
  const tenantUrl = owner.url();

  // Invite a member and a viewer; each link is shown once.
  await owner.goto(tenantUrl + "/team");
  await hydrated(owner);
  const invite = async (email: string, role: string) => {
    await owner.getByLabel("Email").fill(email);
    await owner.getByTestId("invite-role").selectOption(role);
    await owner.getByRole("button", { name: "Create invite link" }).click();
    await expect(owner.getByTestId("invite-created")).toContainText(email);
    return owner.getByTestId("invite-link").inputValue();
  };
  const memberLink = await invite(memberEmail, "member");
  const viewerLink = await invite(viewerEmail, "viewer");
  expect(memberLink).toContain("/invite?token=");
  await expect(owner.getByTestId("invites")).toContainText(memberEmail);
  // Each link was emailed to its address too, and is shown with a Copy button.
  await expect(owner.getByTestId("invite-created")).toContainText(`We emailed this link to ${viewerEmail}`);
  await expect(owner.getByTestId("copy-invite-link")).toBeVisible();
  await expect.poll(() => mailsTo(memberEmail).some((m) => m.text.includes(memberLink))).toBe(true);

  // The member opens the link in another browser context, signs in and accepts.
  const memberCtx = await browser.newContext();
  const member = await memberCtx.newPage();
  await member.goto(memberLink);
  await expect(member.getByRole("heading")).toContainText("Join Alcateia");
  await member.getByTestId("sign-in-to-accept").click();
  await expect(member).toHaveURL(/\/login/);
  await signIn(member, memberEmail);
  await expect(member).toHaveURL(/\/invite\?token=/);
  await member.getByTestId("accept-invite").click();
  await expect(member).toHaveURL(tenantUrl);
  await expect(member.getByTestId("my-role")).toHaveText("Member");

  // Hydrated interaction: choosing a role saves nothing until "Save role"; making someone an
  // owner asks first, and Cancel changes nothing. The owner then makes the member an admin.
  await owner.reload();
  await hydrated(owner);
  let roleCalls = 0;
  owner.on("request", (r) => {
    if (r.url().endsWith("/api/change_role")) roleCalls++;
  });
  const row = owner.getByTestId("members").locator(`tr[data-email="${memberEmail}"]`);
  await row.getByTestId("role-select").selectOption("owner");
  await row.getByTestId("save-role").click();
  await expect(row).toContainText(`Make ${memberEmail} an owner?`);
  await row.getByTestId("save-role-cancel").click();
  await expect(row.getByTestId("save-role-confirm")).toHaveCount(0);
  expect(roleCalls).toBe(0);
  await row.getByTestId("role-select").selectOption("admin");
  const [changed] = await Promise.all([
    owner.waitForResponse((r) => r.url().endsWith("/api/change_role")),
    row.getByTestId("save-role").click(),
  ]);
  expect(changed.status()).toBe(200);
  await expect(row.getByTestId("role-status")).toHaveText("Role saved");
  await expect(row.getByTestId("role-status-error")).toHaveCount(0);
  expect(roleCalls).toBe(1);
  await owner.screenshot({ path: "test-results/team.png", fullPage: true });
  await member.reload();
  await expect(member.getByTestId("my-role")).toHaveText("Admin");

  // The viewer joins and finds no admin actions, and the server refuses them anyway.
  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(viewerLink);
  await viewer.getByTestId("sign-in-to-accept").click();
  await signIn(viewer, viewerEmail);
  await viewer.getByTestId("accept-invite").click();
  await expect(viewer.getByTestId("my-role")).toHaveText("Viewer");
  await viewer.goto(tenantUrl + "/team");
  await hydrated(viewer);
  await expect(viewer.getByTestId("members")).toContainText(ownerEmail);
  await expect(viewer.getByRole("button", { name: "Create invite link" })).toHaveCount(0);
  await expect(viewer.getByTestId("role-select")).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  const tenantId = tenantUrl.split("/t/")[1];
  const refused = await viewer.evaluate(async (tenant) => {
    const r = await fetch("/api/create_invite", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ tenant_id: tenant, email: "x@example.com", role: "admin" }),
    });
    return r.status;
  }, tenantId);
  expect(refused).toBe(403);

  // The owner's audit log shows what happened.
  await owner.goto(tenantUrl + "/audit");
  const audit = owner.getByTestId("audit-table");
  await expect(audit).toContainText("Invite accepted");
  await expect(audit).toContainText("Role changed");
  await expect(audit).toContainText(memberEmail);

  // Sign-out ends the session: the workspace is no longer reachable with it.
  await member.getByRole("button", { name: "Sign out" }).click();
  await expect(member).toHaveURL(/\/login/);
  await member.goto(tenantUrl);
  await expect(member).toHaveURL(/\/login\?next=/);

  for (const ctx of [ownerCtx, memberCtx, viewerCtx]) await ctx.close();
});

test("the shell works at phone width", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await signIn(page, unique("phone"));
  await page.getByLabel("Workspace name").fill("Phone Co");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByTestId("tenant-name")).toHaveText("Phone Co");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The sections sit behind the menu button, so the page gets the whole width.
  const team = page.getByRole("navigation").getByRole("link", { name: "Team", exact: true });
  await expect(team).toBeHidden();
  // The first Tab of a freshly loaded page offers to skip the navigation.
  await page.reload();
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.getByTestId("menu-toggle").click();
  await expect(page.getByTestId("menu-toggle")).toHaveAttribute("aria-expanded", "true");
  await team.click();
  await expect(page).toHaveURL(/\/team$/);
  await expect(team).toBeHidden();
  await page.screenshot({ path: "test-results/phone.png" });
  await ctx.close();
});
