// Staff invites end to end: a network administrator registers a practice,
// its admin registers from the emailed link and invites a receptionist, who
// registers and reaches the inbox; copied links and "Copy new link"; and an
// admin-only user giving themself a staff role. Emails are read from the
// harness's SMTP server.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, signIn, startApp } from "./harness.mjs";

let app;
let practiceUrl;
const NETWORK_ADMIN = "lead.admin@nhs.net";
const PRACTICE_ADMIN = "meadow.admin@nhs.net";
const PASSWORD = "copper kettle meadow";

/** The invitation link in the newest invitation email to `to`. */
async function invitationLink(to, practice) {
  const mail = await app.mail.waitFor(
    (m) => m.to.includes(to) && m.subject === `Invitation to join ${practice} on Gatehouse`,
  );
  const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/invite/`));
  assert.ok(link, `the invitation email has an invite link: ${mail.text}`);
  return link;
}

/** Waits until the staff tables, reloaded after an action, list `text`. */
async function listed(page, panel, text) {
  await page.waitForFunction(
    ([selector, wanted]) => document.querySelector(selector)?.textContent.includes(wanted),
    [panel, text],
    { timeout: 15_000 },
  );
}

/** Fills and sends the registration form an invitation link opens. */
async function register(page, name, jobTitle) {
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Job title").fill(jobTitle);
  await page.getByLabel("Create a password").fill(PASSWORD);
  await page.getByLabel("Confirm your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Register" }).click();
  await page.getByRole("heading", { level: 1, name: "Registration complete" }).waitFor();
  // The page is named after the confirmation, which takes keyboard focus.
  await page.waitForFunction(() => document.activeElement?.id === "joined");
  assert.equal(await page.title(), "Registration complete – Gatehouse – NHS");
}

before(async () => {
  app = await startApp();
  // The network administrator's password, from create-admin's link.
  await setAdminPassword(app, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Manage staff and inboxes in headless Chromium", () => {
  test("a practice is registered, its admin registers from the email, invites a receptionist who registers and is taken to the inbox", async () => {
    const network = await openPage(app);
    const p = network.page;
    await signIn(app, p, NETWORK_ADMIN, PASSWORD);
    await p.goto(`${app.base}/practices/new`);
    await hydrated(p);
    await expectAccessible(p, "/practices/new");
    // Nothing filled in: every field says what it needs.
    await p.getByRole("button", { name: "Register practice and send invite" }).click();
    const summary = p.locator(".nhsuk-error-summary");
    await summary.waitFor();
    for (const message of ["Enter the practice name", "Enter the practice's ODS code", "Select the practice's clinical system", "Enter an email address"]) {
      assert.match(await summary.textContent(), new RegExp(message));
    }
    await expectAccessible(p, "register a practice with errors");
    await p.getByLabel("Practice name").fill("Meadow Lane Surgery");
    await p.getByLabel("ODS code").fill("M81001");
    await p.getByLabel("EMIS Web").check();
    await p.getByLabel("Email address").fill(PRACTICE_ADMIN);
    await p.getByRole("button", { name: "Register practice and send invite" }).click();
    await p.waitForURL(/\/practices\/[^/]+\/staff\?done=registered$/);
    practiceUrl = p.url().replace(/\?.*$/, "");
    await p.getByText("Practice registered and its practice admin invited.").waitFor();
    // A way back to the practice: the organisations list and the switcher
    // link every practice the network administrator may manage.
    await p.goto(`${app.base}/organisations`);
    await hydrated(p);
    await expectAccessible(p, "organisations with manage links");
    await p.getByRole("link", { name: "Manage staff and inboxes of Meadow Lane Surgery" }).click();
    await p.waitForURL(practiceUrl);
    await p.goto(`${app.base}/switch-organisation`);
    await hydrated(p);
    await p.getByRole("heading", { level: 2, name: "Practices you manage" }).waitFor();
    await p.getByRole("link", { name: "Meadow Lane Surgery" }).click();
    await p.waitForURL(practiceUrl);
    expectNoErrors(network.problems, "register a practice", ["status of 422"]);
    await network.context.close();

    // The practice admin registers from the emailed link.
    const admin = await openPage(app);
    const a = admin.page;
    await a.goto(await invitationLink(PRACTICE_ADMIN, "Meadow Lane Surgery"));
    await hydrated(a);
    assert.match(await a.locator("main").textContent(), /invited to join Meadow Lane Surgery on Gatehouse as Practice admin/);
    await expectAccessible(a, "registration form");
    await register(a, "Morgan Meadow", "Practice manager");
    await expectAccessible(a, "registration complete (admin)");
    // Practice admin only: the panel leads to "Manage staff", not an inbox.
    await a.getByRole("link", { name: "Manage staff" }).click();
    await a.waitForURL(practiceUrl);
    await hydrated(a);
    await a.getByRole("heading", { level: 1, name: "Manage staff and inboxes" }).waitFor();
    await expectAccessible(a, "manage staff");

    // Invite a receptionist by email, with an EMIS username (EMIS Web practice).
    await a.getByLabel("Email address").fill("robin.reception@nhs.net");
    await a.locator("#invite").getByLabel("Role").selectOption({ label: "Receptionist" });
    await a.getByLabel("EMIS username (optional)").fill("RRECEPTION");
    await a.getByRole("button", { name: "Send invite" }).click();
    await a.getByText("Invite sent to robin.reception@nhs.net as Receptionist.").waitFor();
    await listed(a, "#invited-staff", "robin.reception@nhs.net");
    await a.getByRole("tab", { name: "Invited staff" }).click();
    const invited = a.locator("#invited-staff");
    await invited.getByRole("cell", { name: "robin.reception@nhs.net", exact: true }).waitFor();
    assert.match(await invited.textContent(), /Pending/);
    await expectAccessible(a, "invited staff");
    expectNoErrors(admin.problems, "practice admin");

    // The receptionist registers and is taken to the inbox.
    const reception = await openPage(app);
    const r = reception.page;
    await r.goto(await invitationLink("robin.reception@nhs.net", "Meadow Lane Surgery"));
    await hydrated(r);
    await register(r, "Robin Reception", "Receptionist");
    await r.getByRole("link", { name: "Take me to my inbox" }).click();
    await r.waitForURL(`${app.base}/inbox`);
    await hydrated(r);
    await r.getByRole("heading", { level: 1, name: "My inbox" }).waitFor();
    // The header knows who is signed in, without a reload.
    const account = r.locator("nav[aria-label=Account]");
    await account.getByRole("button", { name: "Sign out" }).waitFor();
    assert.match(await account.textContent(), /Robin Reception/);
    assert.equal(await account.getByRole("link", { name: "Sign in" }).count(), 0);
    await expectAccessible(r, "/inbox");
    expectNoErrors(reception.problems, "receptionist");
    await reception.context.close();

    // Back on the admin's page the receptionist is registered, with the EMIS username.
    await a.reload();
    await hydrated(a);
    const registered = a.locator("#registered-staff");
    await registered.getByRole("cell", { name: "Robin Reception", exact: true }).waitFor();
    assert.match(await registered.textContent(), /RRECEPTION/);
    await admin.context.close();
  });

  test("a copied invite link stops working once Copy new link makes another", async () => {
    const { context, page: a, problems } = await openPage(app);
    await signIn(app, a, PRACTICE_ADMIN, PASSWORD);
    await a.goto(practiceUrl);
    await hydrated(a);
    await a.getByLabel("Email address").fill("nina.nurse@nhs.net");
    await a.locator("#invite").getByLabel("Role").selectOption({ label: "Nurse" });
    await a.getByRole("button", { name: "Copy invite link" }).click();
    const first = await a.getByLabel("Invite link", { exact: true }).inputValue();
    assert.match(first, /\/invite\/[0-9a-f]+$/);

    await listed(a, "#invited-staff", "nina.nurse@nhs.net");
    await a.getByRole("tab", { name: "Invited staff" }).click();
    await a.getByRole("button", { name: "Copy new link for nina.nurse@nhs.net (Nurse)" }).click();
    const renewed = a.getByLabel("New invite link for nina.nurse@nhs.net (Nurse)");
    await renewed.waitFor();
    const second = await renewed.inputValue();
    assert.notEqual(second, first);
    await expectAccessible(a, "copy new link");
    // Revoking asks first; "No, keep it" changes nothing.
    await a.getByLabel("Email address").fill("rory.revoked@nhs.net");
    await a.locator("#invite").getByLabel("Role").selectOption({ label: "GP" });
    await a.getByRole("button", { name: "Send invite" }).click();
    await a.getByRole("tab", { name: "Invited staff" }).click();
    await a.getByRole("button", { name: "Revoke invite to rory.revoked@nhs.net (GP)" }).click();
    await a.getByText("Revoke the invite to rory.revoked@nhs.net (GP)?").waitFor();
    await a.waitForFunction(() => document.activeElement?.id === "revoke-question");
    await expectAccessible(a, "revoke question");
    await a.getByRole("button", { name: "No, keep it" }).click();
    assert.equal(await a.locator("#revoke-question").count(), 0);
    await a.getByRole("button", { name: "Revoke invite to rory.revoked@nhs.net (GP)" }).click();
    await a.getByRole("button", { name: "Yes, revoke the invite" }).click();
    await a.getByText("Invite to rory.revoked@nhs.net revoked. Its links no longer work.").waitFor();
    expectNoErrors(problems, "copy links");
    await context.close();

    const visitor = await openPage(app);
    const v = visitor.page;
    const response = await v.goto(first);
    assert.equal(response.status(), 410);
    await hydrated(v);
    assert.equal(
      (await v.locator("h1").textContent()).trim(),
      "This link has expired or was already used — ask your practice admin for a new one",
    );
    await expectAccessible(v, "expired invite link");
    const fresh = await v.goto(second);
    assert.equal(fresh.status(), 200);
    await hydrated(v);
    // A nurse registers with an NMC PIN.
    await v.getByLabel("NMC PIN").waitFor();
    expectNoErrors(visitor.problems, "invite links", ["status of 410"]);
    await visitor.context.close();
  });

  test("an admin without a staff role gives themself the GP role, is listed twice, and the inbox opens without signing out", async () => {
    const { context, page: a, problems } = await openPage(app);
    await signIn(app, a, PRACTICE_ADMIN, PASSWORD);
    await a.goto(`${app.base}/inbox`);
    await hydrated(a);
    await a.getByRole("heading", { level: 1, name: "You need a staff role to open inboxes" }).waitFor();
    await expectAccessible(a, "inbox for an admin only");
    await a.getByRole("link", { name: "Give myself a staff role" }).click();
    await a.waitForURL(/\/staff\?email=/);
    await hydrated(a);
    assert.equal(await a.getByLabel("Email address").inputValue(), PRACTICE_ADMIN);
    await a.locator("#invite").getByLabel("Role").selectOption({ label: "GP" });
    await a.getByRole("button", { name: "Send invite" }).click();
    await a.getByText("You now also have the GP role.", { exact: false }).waitFor();
    const registered = a.locator("#registered-staff");
    await registered.getByRole("cell", { name: "GP", exact: true }).waitFor();
    assert.equal(await registered.getByRole("cell", { name: PRACTICE_ADMIN }).count(), 2);

    await a.goto(`${app.base}/inbox`);
    await hydrated(a);
    await a.getByRole("heading", { level: 1, name: "My inbox" }).waitFor();
    await expectAccessible(a, "inbox after adding a staff role");
    expectNoErrors(problems, "admin gives themself a staff role", ["status of 403"]);
    await context.close();
  });

  test("the admin changes a person's EMIS username and role, invites from a CSV file with a progress bar, and edits the practice's details", async () => {
    const { context, page: a, problems } = await openPage(app);
    await signIn(app, a, PRACTICE_ADMIN, PASSWORD);
    await a.goto(practiceUrl);
    await hydrated(a);
    // Robin's row: "Change" leads to the page for that role.
    await a.getByRole("link", { name: "Change Robin Reception (Receptionist)" }).click();
    await a.waitForURL(/\/staff\/[^/]+$/);
    await hydrated(a);
    await a.getByRole("heading", { level: 1, name: "Robin Reception – Receptionist" }).waitFor();
    await expectAccessible(a, "change staff member");
    await a.getByLabel("EMIS username", { exact: true }).fill("RROBIN");
    await a.getByRole("button", { name: "Save EMIS username" }).click();
    await a.getByText("EMIS username saved.").waitFor();
    await listed(a, "#registered-staff", "RROBIN");

    await a.getByRole("link", { name: "Change Robin Reception (Receptionist)" }).click();
    await hydrated(a);
    await a.getByLabel("New role").selectOption({ label: "Care navigator" });
    await a.getByRole("button", { name: "Change role" }).click();
    await a.getByText("Role changed.").waitFor();
    await listed(a, "#registered-staff", "Care navigator");

    // Bulk invite: two good rows, one bad.
    await a.goto(`${practiceUrl}/bulk`);
    await hydrated(a);
    await expectAccessible(a, "bulk invite");
    // The page names the roles a file may use and offers a template.
    assert.match(await a.locator("#bulk-roles").textContent(), /Each role must be one of: .*GP.*Receptionist/);
    const template = await a.request.get(`${app.base}${await a.getByRole("link", { name: "Download a template CSV file" }).getAttribute("href")}`);
    assert.equal(template.status(), 200);
    assert.match(await template.text(), /^email,role,EMIS username\n/);
    const csv = "email,role,EMIS username\nbulk.one@nhs.net,GP,BONE\nnot-an-email,Nurse,\nbulk.two@nhs.net,Secretary,\nbulk.three@nhs.net,Wizard,\n";
    await a.getByLabel("CSV file").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await a.getByRole("button", { name: "Check file" }).click();
    await a.getByRole("button", { name: "Send 2 invites" }).waitFor();
    assert.match(await a.locator("main").textContent(), /correct format/);
    assert.match(await a.locator("main").textContent(), /Role must be one of: /);
    await expectAccessible(a, "bulk invite preview");
    await a.getByRole("button", { name: "Send 2 invites" }).click();
    // The sending is a background job: its page shows the progress live.
    await a.waitForURL(/\/organisations\/[^/]+\/jobs\/[^/]+$/);
    await hydrated(a);
    await a.getByRole("heading", { level: 1, name: "Bulk staff invite" }).waitFor();
    await a.getByText("Sent 2 of 2 invites").waitFor({ timeout: 15_000 });
    assert.equal(await a.locator("progress").first().getAttribute("value"), "2");
    // The rows the check refused are listed as not sent, with their reasons.
    const notSent = await a.getByRole("heading", { name: "Rows not sent" }).locator("xpath=following-sibling::ul[1]").textContent();
    assert.match(notSent, /Row 3 \(not-an-email\): .*correct format/);
    assert.match(notSent, /Row 5 \(bulk.three@nhs.net\): Role must be one of: /);
    await expectAccessible(a, "bulk invite sent");
    await app.mail.waitFor((m) => m.to.includes("bulk.two@nhs.net") && m.subject === "Invitation to join Meadow Lane Surgery on Gatehouse");

    // Practice details: the clinical system can change later.
    await a.goto(practiceUrl.replace(/\/staff$/, "/details"));
    await hydrated(a);
    await expectAccessible(a, "practice details");
    await a.getByLabel("TPP SystmOne").check();
    await a.getByRole("button", { name: "Save practice details" }).click();
    await a.getByText("Practice details saved.").waitFor();
    // No longer EMIS Web: the EMIS username field has gone from the invite form.
    assert.equal(await a.getByLabel("EMIS username (optional)").count(), 0);
    expectNoErrors(problems, "staff changes, bulk invite and practice details");
    await context.close();
  });
});
