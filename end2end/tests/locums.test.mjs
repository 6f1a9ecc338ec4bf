// The locum network end to end (issue 19): a locum creates an account on
// their phone with a hub chosen, verifies the email sent over SMTP, the
// network administrator activates them, "Your account is ready" arrives,
// they sign in and see the hub "Requested"; the Hub manager enables them
// and adds a document; they read one and sign one. Without JavaScript the
// registration form still posts and shows its errors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const NETWORK_ADMIN = "lead.admin@nhs.net";
const HUB_MANAGER = "helen.price@gatehouse-demo.nhs.uk";
const HUB = "Coastline Federation GP Practice Bank Staff";
const PASSWORD = "copper kettle meadow";
const LOCUM = "lena.locum@example.com";
const LOCUM_PASSWORD = "violet harbour lantern 9";
/** The smallest PDF the upload accepts (its first bytes say PDF). */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

before(async () => {
  app = await startApp();
  await setAdminPassword(app, PASSWORD);
  await setPasswordByEmail(app, HUB_MANAGER, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("The locum network in headless Chromium", () => {
  test("register with a hub, verify, activation, sign in, the Hub manager enables, read and sign a document", async () => {
    // Lena registers on a phone-sized screen, choosing the demo hub.
    const locum = await openPage(app);
    await locum.page.setViewportSize({ width: 320, height: 640 });
    await locum.page.goto(`${app.base}/locums/register`);
    await hydrated(locum.page);
    await locum.page.getByRole("heading", { level: 1, name: "Create an account" }).waitFor();
    const wide = await locum.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the registration form fits 320 px (scroll width ${wide})`);
    await expectAccessible(locum.page, "Create an account at 320 px");
    await locum.page.getByLabel("Full name").fill("Lena Locum");
    await locum.page.getByLabel("Email address").fill(LOCUM);
    await locum.page.getByLabel("Mobile number").fill("07700 900 555");
    await locum.page.getByLabel("GP", { exact: true }).check();
    await locum.page.getByLabel("Professional registration number").fill("7654321");
    await locum.page.getByLabel("Create a password").fill(LOCUM_PASSWORD);
    await locum.page.getByLabel("Enter the password again").fill(LOCUM_PASSWORD);
    await locum.page.getByLabel("Hub (optional)").selectOption({ label: HUB });
    await locum.page.getByRole("button", { name: "Create account" }).click();
    await locum.page.waitForURL(`${app.base}/locums/registered`);
    await locum.page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();

    const verifyMail = await app.mail.waitFor((m) => m.to.includes(LOCUM) && m.subject === "Verify your email address for your locum account");
    const link = app.mail.linksIn(verifyMail).find((l) => l.startsWith(`${app.base}/locums/verify/`));
    assert.ok(link, `the email has the verification link: ${verifyMail.text}`);
    await locum.page.goto(link);
    await hydrated(locum.page);
    await locum.page.getByRole("button", { name: "Verify my email address" }).click();
    await locum.page.waitForURL(`${app.base}/locums/verified`);
    await locum.page.getByText("Your account is waiting to be activated").waitFor();

    // The network administrator activates her from the queue.
    const admin = await openPage(app);
    await signIn(app, admin.page, NETWORK_ADMIN, PASSWORD);
    await admin.page.locator("header").getByRole("link", { name: "Locums" }).click();
    await admin.page.waitForURL(/\/networks\/[^/]+\/locums$/);
    await hydrated(admin.page);
    const row = admin.page.getByRole("row", { name: /Lena Locum/ });
    await row.getByText("7654321").waitFor();
    await expectAccessible(admin.page, "Locum registrations");
    await admin.page.getByRole("button", { name: "Activate Lena Locum" }).click();
    await admin.page.waitForURL(/\/locums\?done=activated$/);
    await admin.page.getByText("Account activated").waitFor();
    await admin.page.waitForFunction(() => document.activeElement?.id === "done");
    expectNoErrors(admin.problems, "the activation queue");
    await admin.context.close();

    const ready = await app.mail.waitFor((m) => m.to.includes(LOCUM) && m.subject === "Your account is ready");
    assert.match(ready.text, new RegExp(HUB));

    // Lena signs in for the first time: Hub management shows the hub Requested.
    await locum.page.goto(`${app.base}/sign-in`);
    await hydrated(locum.page);
    await locum.page.getByLabel("Email address").fill(LOCUM);
    await locum.page.getByLabel("Password").fill(LOCUM_PASSWORD);
    await locum.page.getByRole("button", { name: "Sign in" }).click();
    await locum.page.waitForURL(`${app.base}/hub-management`);
    await hydrated(locum.page);
    const hub = locum.page.getByRole("region", { name: new RegExp(HUB) });
    await hub.getByText("Requested", { exact: true }).waitFor();
    await expectAccessible(locum.page, "Hub management, requested");

    // The Hub manager enables her and adds two documents.
    const manager = await openPage(app);
    await signIn(app, manager.page, HUB_MANAGER, PASSWORD);
    await manager.page.locator("header").getByRole("link", { name: "Hub workforce" }).click();
    await manager.page.waitForURL(/\/hubs\/[^/]+\/workforce$/);
    await hydrated(manager.page);
    await manager.page.getByRole("row", { name: /Lena Locum/ }).getByText("Requested").waitFor();
    await expectAccessible(manager.page, "Hub workforce");
    await manager.page.getByRole("button", { name: "Enable Lena Locum" }).click();
    await manager.page.waitForURL(/\/workforce\?done=enabled$/);
    await manager.page.getByRole("row", { name: /Lena Locum/ }).getByText("Enabled").waitFor();
    for (const [title, action] of [["Induction pack", "Read"], ["Locum agreement", "Sign"]]) {
      await manager.page.getByLabel("Document title").fill(title);
      await manager.page.getByLabel(new RegExp(`^${action}:`)).check();
      await manager.page.locator("#file").setInputFiles({ name: `${title}.pdf`, mimeType: "application/pdf", buffer: PDF });
      await manager.page.getByRole("button", { name: "Add a document" }).click();
      await manager.page.waitForURL(/\/workforce\?done=document$/);
      await manager.page.getByRole("link", { name: title }).waitFor();
    }
    expectNoErrors(manager.problems, "the hub workforce");

    // Lena sees Enabled, reads one and signs the other.
    await locum.page.reload();
    await hydrated(locum.page);
    await hub.getByText("Enabled", { exact: true }).waitFor();
    await locum.page.getByRole("button", { name: "Mark Induction pack as read" }).click();
    await locum.page.waitForURL(`${app.base}/hub-management?done=read`);
    await locum.page.getByText("Document marked as read").waitFor();
    await locum.page.getByRole("button", { name: "Sign", exact: true }).click();
    await locum.page.locator(".nhsuk-error-summary").getByText("Type your full name to sign the document").waitFor();
    await locum.page.getByLabel("Type your full name to sign Locum agreement").fill("Lena Locum");
    await locum.page.getByRole("button", { name: "Sign", exact: true }).click();
    await locum.page.waitForURL(`${app.base}/hub-management?done=sign`);
    await locum.page.getByText("Document signed.").waitFor();
    await hub.getByText(/^Signed \d/).waitFor();
    await expectAccessible(locum.page, "Hub management, enabled");
    // Signing without a typed name was refused with 422, as it should be.
    expectNoErrors(locum.problems, "the locum's journey", ["status of 422"]);
    await locum.context.close();

    // The hub sees who read and signed.
    await manager.page.reload();
    await hydrated(manager.page);
    const signed = await manager.page.getByRole("row", { name: /Locum agreement/ }).textContent();
    assert.match(signed, /Lena Locum .*signed as Lena Locum/);
    await manager.context.close();
  });

  test("without JavaScript the registration form shows its errors, then registers", async () => {
    const plain = await openPage(app, { javaScript: false });
    await plain.page.goto(`${app.base}/locums/register`);
    await plain.page.getByLabel("Full name").fill("Sam Jones");
    await plain.page.getByLabel("Email address").fill("sam.jones@example.com");
    await plain.page.getByRole("button", { name: "Create account" }).click();
    const summary = plain.page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /Select your profession/);
    await plain.page.getByLabel("Full name").fill("Sam Jones");
    await plain.page.getByLabel("Email address").fill("sam.jones@example.com");
    await plain.page.getByLabel("Mobile number").fill("07700 900 556");
    await plain.page.getByLabel("Nurse").check();
    await plain.page.getByLabel("Professional registration number").fill("12a3456e");
    await plain.page.getByLabel("Create a password").fill(LOCUM_PASSWORD);
    await plain.page.getByLabel("Enter the password again").fill(LOCUM_PASSWORD);
    await plain.page.getByRole("button", { name: "Create account" }).click();
    await plain.page.waitForURL(`${app.base}/locums/registered`);
    await app.mail.waitFor((m) => m.to.includes("sam.jones@example.com"));
    expectNoErrors(plain.problems, "registration without JavaScript");
    await plain.context.close();
  });
});
