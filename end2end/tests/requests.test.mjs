// Request inboxes end to end, on the demo seed, which reproduces the help
// centre's example: Tom Hughes is a GP at three practices that share the
// All Practices view, with five requests across them, one urgent. A patient
// uses the public "Contact your practice" form and the request appears on
// the open inbox page without reloading; Tom works it; a nurse of one
// practice never sees the others'; an admin adds a group inbox and is
// warned about a near-miss name. Emails are read from the harness's SMTP
// server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const PASSWORD = "harbour lights at dusk";
const TOM = "tom.hughes@gatehouse-demo.nhs.uk";
const SARAH = "sarah.okafor@gatehouse-demo.nhs.uk";
const MARK = "mark.ellis@gatehouse-demo.nhs.uk";

/** The rows of the inbox table, as their text. */
async function rows(page) {
  return page.locator("tr[data-request]").allTextContents();
}

before(async () => {
  app = await startApp();
  for (const email of [TOM, SARAH, MARK]) await setPasswordByEmail(app, email, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Request inboxes in headless Chromium", () => {
  test("a GP in three practices sees their five requests together in the All Practices inbox, the urgent one on top", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, TOM, PASSWORD);
    await page.goto(`${app.base}/inbox`);
    await hydrated(page);
    await page.getByRole("heading", { level: 1, name: "My Inbox - All Practices" }).waitFor();
    const listed = await rows(page);
    assert.equal(listed.length, 5);
    // A reference is one code: it never wraps mid-way.
    assert.equal(await page.locator("a.gh-reference").first().evaluate((a) => getComputedStyle(a).whiteSpace), "nowrap");
    assert.match(listed[0], /Urgent/);
    assert.match(listed[0], /Riverside Health Centre/);
    assert.ok(listed.slice(1).every((row) => !row.includes("Urgent")), "only the first is urgent");
    const nav = page.getByRole("navigation", { name: "Inboxes" });
    for (const line of [
      "My Inbox - All Practices (5 requests)",
      "Harbour View Surgery (",
      "Elm Tree Medical Centre (2 requests)",
      "Riverside Health Centre (1 request)",
    ]) {
      assert.ok((await nav.textContent()).includes(line), `the navigation shows ${line}`);
    }
    await expectAccessible(page, "/inbox (All Practices)");

    // Filters: only admin requests.
    await page.getByLabel("Type").selectOption({ label: "Admin" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/kind=admin/);
    await hydrated(page);
    const admin = await rows(page);
    assert.equal(admin.length, 2);
    assert.ok(admin.every((row) => row.includes("Admin")));
    expectNoErrors(problems, "All Practices inbox");
    await context.close();
  });

  test("a patient's request from the contact form appears on the open inbox page without reloading, and the GP works it", async () => {
    const tom = await openPage(app);
    const t = tom.page;
    await signIn(app, t, TOM, PASSWORD);
    await t.goto(`${app.base}/inbox`);
    await hydrated(t);
    // Riverside's unassigned queue, from the navigation.
    const logLink = await t.getByRole("link", { name: "Log a phone request for Riverside Health Centre" }).getAttribute("href");
    const practiceId = logLink.split("/")[2];
    await t.getByRole("navigation", { name: "Inboxes" }).getByRole("link", { name: "Unassigned (0 requests)" }).last().click();
    await t.waitForURL(/view=unassigned/);
    await hydrated(t);
    await t.locator("#inbox-empty").waitFor();
    await t.locator('#inbox-live[data-live="listening"]').waitFor();

    // A patient, in another browser, uses the public form.
    const patient = await openPage(app);
    const p = patient.page;
    await p.goto(`${app.base}/practices/${practiceId}/contact`);
    await hydrated(p);
    await p.getByRole("heading", { level: 1, name: "Contact your practice" }).waitFor();
    await expectAccessible(p, "contact form");
    // Nothing filled in: every field says what it needs, and nothing is sent.
    await p.getByRole("button", { name: "Send request" }).click();
    const summary = p.locator(".nhsuk-error-summary");
    await summary.waitFor();
    for (const message of ["Enter your full name", "Enter your date of birth", "Select whether this is a medical or an admin request"]) {
      assert.ok((await summary.textContent()).includes(message), `the summary says: ${message}`);
    }
    await expectAccessible(p, "contact form with errors");
    // The browser may fill in the patient's own details; phones show digits.
    for (const [label, token] of [["Full name", "name"], ["Day", "bday-day"], ["Month", "bday-month"], ["Year", "bday-year"], ["Email address", "email"], ["Phone number", "tel"]]) {
      assert.equal(await p.getByLabel(label, { exact: true }).getAttribute("autocomplete"), token, `${label} autocompletes ${token}`);
    }
    assert.equal(await p.getByLabel("NHS number (optional)").getAttribute("inputmode"), "numeric");
    await p.getByLabel("Full name").fill("Freya Holt");
    await p.getByLabel("Day").fill("14");
    await p.getByLabel("Month").fill("6");
    await p.getByLabel("Year").fill("1995");
    await p.getByLabel("Email address").fill("freya.holt@example.com");
    await p.getByLabel(/^Admin/).check();
    await p.getByLabel("Tell us what you need").fill("Please could I have a letter confirming my registration?");
    await p.getByRole("button", { name: "Send request" }).click();
    await p.getByRole("heading", { level: 1, name: "Request sent" }).waitFor();
    await p.waitForFunction(() => document.title === "Request sent – Gatehouse – NHS");
    const reference = (await p.locator(".nhsuk-panel__body strong").textContent()).trim();
    assert.match(reference, /^R-[0-9A-F]{10}$/);
    await expectAccessible(p, "contact form sent");
    // She gave an email address, so she gets the reference by email.
    const received = await app.mail.waitFor((m) => m.to.includes("freya.holt@example.com") && m.subject === "Your request to Riverside Health Centre");
    assert.ok(received.text.includes(reference), received.text);
    expectNoErrors(patient.problems, "contact form", ["status of 422"]);
    await patient.context.close();

    // Tom's page shows it without a reload.
    await t.locator(`tr[data-request="${reference}"]`).waitFor({ timeout: 15_000 });
    // … and says so in a status region, which screen readers announce.
    assert.match(await t.getByRole("status").filter({ hasText: "New requests appear here" }).textContent(), /1 open request/);
    assert.ok((await t.getByRole("navigation", { name: "Inboxes" }).textContent()).includes("Riverside Health Centre (2 requests)"));

    // Tom opens it, assigns it to himself, adds a note, replies and completes it.
    await t.getByRole("link", { name: reference }).click();
    await t.waitForURL(/\/requests\//);
    await hydrated(t);
    await t.getByRole("heading", { level: 1, name: `Request ${reference}` }).waitFor();
    await expectAccessible(t, "request page");
    await t.getByRole("button", { name: "Assign to me" }).click();
    await t.getByText("Request assigned.").waitFor();
    // The banner can come a moment before the reloaded request data.
    await t.locator(".nhsuk-summary-list").filter({ hasText: /Assigned to\s*Tom Hughes/ }).waitFor({ timeout: 15_000 });
    assert.equal(await t.getByRole("button", { name: "Assign to me" }).count(), 0, "no Assign to me once it is his");
    await t.getByLabel("Add a note").fill("Letter template is in the shared drive");
    await t.getByRole("button", { name: "Add note" }).click();
    await t.getByText("Note added.").waitFor();
    await t.getByRole("button", { name: "Send reply" }).click();
    await t.getByRole("link", { name: "Enter your reply to the patient" }).waitFor();
    await expectAccessible(t, "request page with an error");
    await t.getByLabel("Your reply").fill("Your letter is ready to collect from reception.");
    await t.getByRole("button", { name: "Send reply" }).click();
    await t.getByText("Reply sent to the patient by email.").waitFor();
    const reply = await app.mail.waitFor((m) => m.to.includes("freya.holt@example.com") && m.subject.startsWith("A reply from"));
    assert.match(reply.text, /Your letter is ready to collect from reception\./);
    assert.match(reply.text, new RegExp(reference));
    // Completing asks first; "No, keep it open" changes nothing.
    await t.getByRole("button", { name: "Complete request" }).click();
    await t.getByText("Complete this request?").waitFor();
    await expectAccessible(t, "complete question");
    await t.getByRole("link", { name: "No, keep it open" }).click();
    await t.getByRole("button", { name: "Complete request" }).waitFor();
    assert.equal(await t.getByText("Complete this request?").count(), 0);
    await t.getByRole("button", { name: "Complete request" }).click();
    await t.getByRole("button", { name: "Yes, complete the request" }).click();
    await t.getByText("Request completed.").waitFor();
    await t.getByText("This request is completed.").waitFor();
    const history = await t.locator("table").last().textContent();
    for (const event of ["Request sent with the online form", "Assigned", "Note added", "Reply sent to the patient", "Completed"]) {
      assert.ok(history.includes(event), `the history shows ${event}`);
    }
    expectNoErrors(tom.problems, "working a request", ["status of 422"]);
    await tom.context.close();
  });

  test("by keyboard, a reply and a note go once: the box empties and focus moves to the confirmation", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, TOM, PASSWORD);
    await page.goto(`${app.base}/inbox`);
    await hydrated(page);
    const href = await page.locator("tr[data-request] a").first().getAttribute("href");
    await page.goto(`${app.base}${href}`);
    await hydrated(page);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim());

    for (const [label, text, button, confirmation] of [
      ["Your reply", "Please book a blood test at reception.", "Send reply", /^Reply (sent|saved)/],
      ["Add a note", "Asked the patient to book a blood test.", "Add note", /^Note added\./],
    ]) {
      await page.getByLabel(label).focus();
      await page.keyboard.type(text);
      await page.keyboard.press("Tab");
      assert.equal(await focused(), button, `Tab reaches ${button}`);
      await page.keyboard.press("Enter");
      await page.locator("#request-confirmation").getByText(confirmation).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === "request-confirmation");
      assert.equal(await page.getByLabel(label).inputValue(), "", `${label} is empty once sent`);
      // Enter again sends nothing: focus is on the confirmation.
      await page.keyboard.press("Enter");
    }
    // One more action, so anything a second Enter sent would be in.
    await page.getByRole("button", { name: /Mark urgent|Mark as routine/ }).click();
    await page.locator("#request-confirmation").getByText(/^Request marked/).waitFor();
    const notes = await page.locator(".gh-note").allTextContents();
    assert.equal(notes.filter((n) => n.includes("Please book a blood test at reception.")).length, 1, "one reply");
    assert.equal(notes.filter((n) => n.includes("Asked the patient to book a blood test.")).length, 1, "one note");
    await expectAccessible(page, "request page after a reply");
    expectNoErrors(problems, "replying by keyboard");
    await context.close();
  });

  test("a nurse of one practice never sees the other practices' requests, nor an All Practices view of her one practice", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, SARAH, PASSWORD);
    await page.goto(`${app.base}/inbox`);
    await hydrated(page);
    await page.getByRole("heading", { level: 1, name: "My inbox" }).waitFor();
    assert.deepEqual(await rows(page), []);
    const text = await page.locator("main").textContent();
    assert.ok(!text.includes("All Practices"), "no All Practices view for one practice");
    assert.ok(text.includes("Elm Tree Medical Centre"));
    assert.ok(!text.includes("Harbour View") && !text.includes("Riverside"), "only her own practice");
    await expectAccessible(page, "/inbox of a one-practice nurse");
    expectNoErrors(problems, "one-practice inbox");
    await context.close();
  });

  test("an admin adds a group inbox and the banner names a near-miss in another practice", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, MARK, PASSWORD);
    await page.getByRole("link", { name: "Manage staff and inboxes" }).first().click();
    await page.waitForURL(/\/practices\/[^/]+\/staff$/);
    await hydrated(page);
    await page.getByRole("tab", { name: "Group inboxes" }).click();
    const panel = page.locator("#group-inboxes");
    await panel.getByText("This practice has no group inboxes yet.").waitFor();
    assert.match(await panel.textContent(), /Group inbox names must be the same, with the same spelling, in every practice/);
    // A name is required.
    await panel.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("link", { name: "Enter a name for the group inbox" }).waitFor();
    await panel.getByLabel("Name").fill("Secretary");
    await panel.getByLabel("Role").selectOption({ label: "Secretary" });
    await panel.getByRole("button", { name: "Add", exact: true }).click();
    await panel.getByText('Group inbox "Secretary" added.', { exact: false }).waitFor();
    await panel.getByRole("cell", { name: "Secretary", exact: true }).first().waitFor();
    await panel.getByText('"Secretary" here and "Secretaries" at Harbour View Surgery').waitFor();
    await expectAccessible(page, "Group inboxes tab");
    expectNoErrors(problems, "group inboxes", ["status of 422"]);
    await context.close();
  });
});
