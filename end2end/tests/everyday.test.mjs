// Everyday use (issue 14), on the demo seed: forms that work with
// JavaScript off (or before the page has hydrated) land on the same pages as
// the hydrated ones, and the header tells the truth about who is signed in.
// axe runs inside the page, so pages seen with JavaScript off are checked
// by it where the same pages are seen with JavaScript on.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, organisationId, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const PASSWORD = "lanterns over the quay";
const TOM = "tom.hughes@gatehouse-demo.nhs.uk";
const PRIYA = "priya.shah@gatehouse-demo.nhs.uk";

/** The id of a demo organisation, from the public list. */
/** The header's account links, as text. */
async function header(page) {
  return (await page.locator("nav[aria-label=Account]").textContent()).replace(/\s+/g, " ");
}

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

describe("Everyday use in headless Chromium", () => {
  test("with JavaScript off, a patient's request lands on Request sent, and a missing answer is explained", async () => {
    const practice = await organisationId(app, "Harbour View Surgery");
    const { context, page, problems } = await openPage(app, { javaScript: false });
    // The patient finds the practice's own page from the organisations list.
    await page.goto(`${app.base}/organisations`);
    await page.getByRole("link", { name: "Harbour View Surgery" }).click();
    await page.waitForURL(`${app.base}/practices/${practice}`);
    await page.getByRole("heading", { level: 1, name: "Harbour View Surgery" }).waitFor();
    const about = await page.locator("main").textContent();
    assert.ok(about.includes("1 Harbour Road") && about.includes("SE1 1AA"), "the page gives the address");
    assert.equal(await page.getByRole("link", { name: "01632 960 001" }).getAttribute("href"), "tel:01632960001");
    await page.getByRole("link", { name: "Contact your practice" }).click();
    await page.waitForURL(`${app.base}/practices/${practice}/contact`);
    await page.getByRole("heading", { level: 1, name: "Contact your practice" }).waitFor();
    assert.match(await page.locator("main").textContent(), /You can also phone the practice on 01632 960 001/);

    // Nothing chosen for the kind of request: the form comes back with the
    // error summary and the answers given so far are asked for again.
    await page.getByLabel("Full name").fill("Nora Blake");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForURL(/\/contact\?/);
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /Select whether this is a medical or an admin request/);

    await page.getByLabel("Full name").fill("Nora Blake");
    await page.getByLabel("Day").fill("3");
    await page.getByLabel("Month").fill("11");
    await page.getByLabel("Year").fill("1988");
    await page.getByLabel("Email address").fill("nora.blake@example.com");
    await page.getByLabel(/^Admin/).check();
    await page.getByLabel("Tell us what you need").fill("Please send me a copy of my repeat prescription list.");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.waitForURL(/\/contact\/sent\?reference=R-/);
    await page.getByRole("heading", { level: 1, name: "Request sent" }).waitFor();
    const reference = (await page.locator(".nhsuk-panel__body strong").textContent()).trim();
    assert.match(reference, /^R-[0-9A-F]{10}$/);
    assert.equal(await page.title(), "Request sent – Gatehouse – NHS");
    const email = await app.mail.waitFor((m) => m.to.includes("nora.blake@example.com"));
    assert.ok(email.text.includes(reference), "the email gives the same reference");
    expectNoErrors(problems, "contact form without JavaScript");
    await context.close();
  });

  test("with JavaScript off, a GP resets their password, is offered Sign in, and lands on their inbox", async () => {
    const { context, page, problems } = await openPage(app, { javaScript: false });
    await page.goto(`${app.base}/forgot-password`);
    await page.getByLabel("Email address").fill(TOM);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.waitForURL(`${app.base}/forgot-password?sent=1`);
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    const mail = await app.mail.waitFor((m) => m.to.includes(TOM));
    const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/set-password/`));
    assert.ok(link, `the reset email has a link: ${mail.text}`);
    await page.goto(link);
    await page.getByLabel("Create a password").fill(PASSWORD);
    await page.getByLabel("Confirm your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(`${app.base}/password-set`);
    await page.getByRole("heading", { level: 1, name: "Password set" }).waitFor();

    await page.locator("main").getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/sign-in`);
    await page.getByLabel("Email address").fill(TOM);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/inbox`);
    await page.getByRole("heading", { level: 1, name: "My inbox" }).waitFor();
    const signedIn = await header(page);
    assert.match(signedIn, /Tom Hughes/);
    assert.match(signedIn, /Sign out/);
    expectNoErrors(problems, "reset and sign in without JavaScript");
    await context.close();
  });

  // The request the first test sent waits, unassigned, at Harbour View.
  test("a receptionist whose own inbox is empty lands on the unassigned queue where the new request waits", async () => {
    await setPasswordByEmail(app, PRIYA, PASSWORD);
    const { context, page, problems } = await openPage(app);
    await page.goto(`${app.base}/sign-in`);
    await hydrated(page);
    await page.getByLabel("Email address").fill(PRIYA);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/inbox`);
    await hydrated(page);
    await page.getByRole("heading", { level: 1, name: "Unassigned" }).waitFor();
    assert.match((await page.locator("tr[data-request]").allTextContents()).join("\n"), /Nora Blake/);
    const nav = await page.getByRole("navigation", { name: "Inboxes" }).textContent();
    assert.ok(!nav.includes("All Practices"), "one practice: no All Practices view");
    // The list comes before the navigation, so its heading is the first.
    assert.equal(await page.locator("main h1, main h2").first().evaluate((h) => h.tagName), "H1");
    // Development: the header leads a newcomer to the emails the app sent.
    assert.equal(await page.getByRole("link", { name: "Mailbox (development)" }).count(), 1);
    await expectAccessible(page, "receptionist's inbox");
    const request = await page.locator("tr[data-request] a").first().getAttribute("href");

    // On a 320 px phone no page scrolls sideways: wide tables scroll inside
    // their own region, which the keyboard can reach.
    await page.setViewportSize({ width: 320, height: 640 });
    const practice = await organisationId(app, "Harbour View Surgery");
    for (const path of ["/inbox", request, `/practices/${practice}/staff`, "/dev/mailbox", "/organisations", `/practices/${practice}`, `/practices/${practice}/contact`, "/account", "/notifications"]) {
      await page.goto(`${app.base}${path}`);
      await hydrated(page);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(widths[0] <= widths[1], `${path} is ${widths[0]} px wide in a ${widths[1]} px window`);
    }
    await page.goto(`${app.base}/practices/${practice}`);
    await hydrated(page);
    await expectAccessible(page, "a practice's public page");
    await page.goto(`${app.base}/inbox`);
    await hydrated(page);
    const region = page.getByRole("region", { name: "Unassigned" });
    assert.equal(await region.getAttribute("tabindex"), "0");
    await expectAccessible(page, "inbox at 320 px");
    expectNoErrors(problems, "receptionist lands on unassigned");
    await context.close();
  });

  // Priya (Practice admin at Harbour View) has a password from the test before.
  test("with JavaScript off, a new receptionist registers from the emailed invitation and lands on Registration complete", async () => {
    const admin = await openPage(app);
    await signIn(app, admin.page, PRIYA, PASSWORD);
    const practice = await organisationId(app, "Harbour View Surgery");
    await admin.page.goto(`${app.base}/practices/${practice}/staff`);
    await hydrated(admin.page);
    await admin.page.getByLabel("Email address").fill("new.reception@nhs.net");
    await admin.page.locator("#invite").getByLabel("Role").selectOption({ label: "Receptionist" });
    await admin.page.getByRole("button", { name: "Send invite" }).click();
    await admin.page.getByText("Invite sent to new.reception@nhs.net as Receptionist.").waitFor();
    await admin.context.close();

    const mail = await app.mail.waitFor((m) => m.to.includes("new.reception@nhs.net"));
    const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/invite/`));
    assert.ok(link, `the invitation has a link: ${mail.text}`);
    const { context, page, problems } = await openPage(app, { javaScript: false });
    await page.goto(link);
    await page.getByLabel("Full name").fill("Nia Newcomer");
    await page.getByLabel("Job title").fill("Receptionist");
    await page.getByLabel("Create a password").fill(PASSWORD);
    await page.getByLabel("Confirm your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Register" }).click();
    await page.waitForURL(/\/joined\?organisation=[^&]+&done=registered$/);
    await page.getByRole("heading", { level: 1, name: "Registration complete" }).waitFor();
    assert.match(await page.locator("main").textContent(), /You are now a member of Harbour View Surgery/);
    await page.getByRole("link", { name: "Take me to my inbox" }).click();
    await page.waitForURL(`${app.base}/inbox`);
    assert.match(await page.locator("nav[aria-label=Account]").textContent(), /Nia Newcomer/);
    expectNoErrors(problems, "registration without JavaScript");
    await context.close();
  });

  // Uses the password the second test set.
  test("the header stays true: Sign in on the 401 page returns to the page asked for, and a session that ends shows Sign in", async () => {
    const { context, page, problems } = await openPage(app);
    const asked = `${app.base}/inbox?view=mine_all`;
    const refused = await page.goto(asked);
    assert.equal(refused.status(), 401);
    await hydrated(page);
    await page.getByRole("heading", { level: 1, name: "You need to sign in" }).waitFor();
    await expectAccessible(page, "401 page");
    await page.locator("main").getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await hydrated(page);
    await page.getByLabel("Email address").fill(TOM);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(asked);
    await hydrated(page);
    assert.match(await header(page), /Tom Hughes.*Sign out/);

    // A form reached by client-side navigation: its error summary takes
    // focus, and the page title says there is an error.
    await page.getByRole("link", { name: "Log a phone request for Harbour View Surgery" }).click();
    await page.waitForURL(/\/requests\/new$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Log request" }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains("nhsuk-error-summary"));
    assert.match(await page.title(), /^Error: /);
    await page.goBack();
    await hydrated(page);

    // The session ends while the page is open; the next page says so, and
    // so does the header.
    app.moveClock(31 * 60_000);
    await page.locator("nav[aria-label=Account]").getByRole("link", { name: /^Notifications/ }).click();
    await page.getByRole("heading", { level: 1, name: "You need to sign in" }).waitFor();
    await page.waitForFunction(() => !document.querySelector("nav[aria-label=Account]").textContent.includes("Sign out"));
    assert.doesNotMatch(await header(page), /Tom Hughes/);
    assert.match(await header(page), /Sign in/);
    expectNoErrors(problems, "header state", ["status of 401", "status of 422"]);
    await context.close();
  });
});
