// The clinical-system link end to end (issue 21): Harbour View's Practice
// administrator opens "Feature settings" from "Manage staff and inboxes",
// meets the form's errors, enters the EMIS Organisation ID and the EMIS API
// user; the GP Connect simulator plays a deactivated partner product, so
// "Test connection" says so with the troubleshooting steps; the simulator
// is switched back and the test passes. With JavaScript off the same forms
// post and land on the same confirmations. Then the admin sets up
// appointment reminders and self-booking, and a patient books a free slot,
// gets the confirmation email and cancels it (and, without JavaScript at
// 320 px, books and cancels again).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, organisationId, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const PRACTICE_ADMIN = "priya.shah@gatehouse-demo.nhs.uk";
const PASSWORD = "copper kettle meadow";
const EMIS_PASSWORD = "Random-EMIS-pw-417";
// The demo patient of Harbour View whose Patient Profile is Active.
const PATIENT = "ruby.ahmed@example.com";
const PATIENT_PASSWORD = "plum orchard lantern";

before(async () => {
  app = await startApp();
  await setPasswordByEmail(app, PRACTICE_ADMIN, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Feature settings in headless Chromium", () => {
  test("an admin enters the EMIS settings, a deactivated product is reported with the steps, and once fixed the test passes", async () => {
    const { page, problems } = await openPage(app);
    await signIn(app, page, PRACTICE_ADMIN, PASSWORD);
    const practice = await organisationId(app, "Harbour View Surgery");
    await page.goto(`${app.base}/practices/${practice}/staff`);
    await hydrated(page);
    await page.getByRole("link", { name: "Feature settings" }).click();
    await page.waitForURL(/\/feature-settings$/);
    await page.getByRole("heading", { level: 1, name: "Feature settings" }).waitFor();
    await page.getByText("Not tested yet.").waitFor();
    await expectAccessible(page, "Feature settings, empty");

    // Letters in the ID: the error summary, focused, names the field.
    await page.getByLabel("EMIS Organisation ID").fill("12a45");
    await page.getByRole("button", { name: "Update EMIS Organisation ID" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.getByText("EMIS Organisation ID must only include numbers 0 to 9").waitFor();
    await page.waitForFunction(() => document.activeElement?.closest(".nhsuk-error-summary"));
    await expectAccessible(page, "Feature settings with errors");

    await page.getByLabel("EMIS Organisation ID").fill("12345");
    await page.getByRole("button", { name: "Update EMIS Organisation ID" }).click();
    await page.waitForURL(/\?done=emis_org_id$/);
    await page.getByText("EMIS Organisation ID updated.").waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "done");

    await page.getByLabel("Username").fill("gatehouse");
    await page.getByLabel("Password", { exact: true }).fill(EMIS_PASSWORD);
    await page.getByRole("button", { name: "Update EMIS API user details" }).click();
    await page.waitForURL(/\?done=api_user$/);
    await page.getByText(/Password stored, encrypted\. Set on .* by Priya Shah\./).waitFor();
    assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "", "the password is never sent back");
    assert.ok(!(await page.content()).includes(EMIS_PASSWORD), "the password is not in the page");

    // The partner product is deactivated in EMIS.
    await app.gpConnect.setFault("deactivated");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.waitForURL(/\?done=tested$/);
    await page.getByText("Connection tested. The result is below.").waitFor();
    const warning = page.locator(".nhsuk-warning-callout");
    await warning.getByText("The connection is not working").waitFor();
    assert.match(await warning.textContent(), /deactivated in the Partner API list/);
    assert.match(await warning.textContent(), /Deactivate Application/);
    await page.getByText("Not working", { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "done");
    await expectAccessible(page, "Feature settings, deactivated");

    // Reactivated: the test passes.
    await app.gpConnect.setFault("none");
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.getByText("Connected", { exact: true }).waitFor();
    assert.equal(await warning.count(), 0);
    await expectAccessible(page, "Feature settings, connected");
    expectNoErrors(problems, "feature settings", ["422 (Unprocessable Entity)"]);

    await page.context().close();
  });

  test("with JavaScript off, the settings forms post and land on the same confirmations at 320 px", async () => {
    const { page, context } = await openPage(app, { javaScript: false });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${app.base}/sign-in`);
    await page.getByLabel("Email address").fill(PRACTICE_ADMIN);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    const practice = await organisationId(app, "Harbour View Surgery");
    await page.goto(`${app.base}/practices/${practice}/feature-settings`);
    await page.getByLabel("EMIS Organisation ID").fill("1");
    await page.getByRole("button", { name: "Update EMIS Organisation ID" }).click();
    await page.locator(".nhsuk-error-summary").getByText("EMIS Organisation ID must be between 3 and 8 numbers").waitFor();
    await page.getByLabel("EMIS Organisation ID").fill("54321");
    await page.getByRole("button", { name: "Update EMIS Organisation ID" }).click();
    await page.waitForURL(/\?done=emis_org_id$/);
    await page.getByText("EMIS Organisation ID updated.").waitFor();
    await page.getByRole("button", { name: "Test connection" }).click();
    await page.waitForURL(/\?done=tested/);
    await page.getByText("Connection tested. The result is below.").waitFor();
    await page.getByText("Connected", { exact: true }).waitFor();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `Feature settings is ${widths[0]} px wide at 320 px`);
    await context.close();
  });
});

describe("Appointment self-booking in headless Chromium", () => {
  test("the admin sets up reminders and self-booking; a patient books a slot, gets the email and cancels it", async () => {
    const admin = await openPage(app);
    await signIn(app, admin.page, PRACTICE_ADMIN, PASSWORD);
    const practice = await organisationId(app, "Harbour View Surgery");
    await admin.page.goto(`${app.base}/practices/${practice}/feature-settings`);
    await hydrated(admin.page);
    await admin.page.getByRole("link", { name: "Appointment reminders and self-booking settings" }).click();
    await admin.page.waitForURL(/\/appointment-settings$/);
    await admin.page.getByRole("heading", { level: 1, name: "Appointment reminders and self-booking" }).waitFor();
    await expectAccessible(admin.page, "Appointment settings");

    // A field the reminder cannot fill: the error summary names it.
    await admin.page.getByLabel("Message").fill("Hello {{nhs_number}}");
    await admin.page.getByRole("button", { name: "Save reminder settings" }).click();
    await admin.page.locator(".nhsuk-error-summary").getByText(/has a field Gatehouse does not know: \{\{nhs_number\}\}/).waitFor();
    await admin.page.waitForFunction(() => document.activeElement?.closest(".nhsuk-error-summary"));
    await expectAccessible(admin.page, "Appointment settings with errors");
    await admin.page.getByLabel("Message").fill("Dear {{patient_name}},\n\nSee you on {{appointment_date}} at {{appointment_time}}.");
    await admin.page.getByRole("button", { name: "Save reminder settings" }).click();
    await admin.page.waitForURL(/\?done=reminders$/);
    await admin.page.getByText("Appointment reminder settings saved.").waitFor();
    await admin.page.getByLabel("How far ahead patients may book, in days").fill("7");
    await admin.page.getByRole("button", { name: "Save self-booking settings" }).click();
    await admin.page.waitForURL(/\?done=booking$/);
    await admin.page.getByText(/On: General GP Appointment up to 7 days ahead\./).waitFor();
    expectNoErrors(admin.problems, "appointment settings", ["422 (Unprocessable Entity)"]);
    await admin.context.close();

    await setPasswordByEmail(app, PATIENT, PATIENT_PASSWORD);
    const { page, problems, context } = await openPage(app);
    await signIn(app, page, PATIENT, PATIENT_PASSWORD);
    await page.goto(`${app.base}/patient-profile`);
    await hydrated(page);
    await page.getByRole("link", { name: "Your appointments" }).click();
    await page.waitForURL(/\/appointments$/);
    await page.getByText("You have no appointments booked.").waitFor();
    await expectAccessible(page, "Your appointments, none booked");
    await page.getByRole("link", { name: "Book an appointment" }).click();
    await page.waitForURL(/\/appointments\/book\//);
    await page.getByRole("heading", { level: 1, name: "Book an appointment" }).waitFor();
    await expectAccessible(page, "Book an appointment");

    // No time chosen.
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.locator(".nhsuk-error-summary").getByText("Choose a time for your appointment").waitFor();
    await page.waitForFunction(() => document.activeElement?.closest(".nhsuk-error-summary"));
    await expectAccessible(page, "Book an appointment with errors");

    await page.locator('input[name="slot"]').first().check();
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.waitForURL(/\/appointments\?done=booked$/);
    await page.getByText("Appointment booked. We have sent you a confirmation email.").waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "done");
    const mail = await app.mail.waitFor((m) => m.to.includes(PATIENT) && m.subject === "Your appointment at Harbour View Surgery is booked");
    assert.match(mail.text, /is booked for \w+day \d+ \w+ \d{4} at \d+:\d\d(am|pm)\./);
    assert.ok(app.mail.linksIn(mail).includes(`${app.base}/appointments`), mail.text);
    await expectAccessible(page, "Your appointments, one booked");

    await page.getByRole("button", { name: /^Cancel appointment on / }).click();
    await page.waitForURL(/\/appointments\?done=cancelled$/);
    await page.getByText("You have no appointments booked.").waitFor();
    await app.mail.waitFor((m) => m.to.includes(PATIENT) && m.subject === "Your appointment at Harbour View Surgery is cancelled");
    expectNoErrors(problems, "appointments", ["422 (Unprocessable Entity)"]);
    await context.close();
  });

  test("without JavaScript at 320 px a patient books and cancels", async () => {
    const { page, context } = await openPage(app, { javaScript: false });
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(`${app.base}/sign-in`);
    await page.getByLabel("Email address").fill(PATIENT);
    await page.getByLabel("Password").fill(PATIENT_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await page.goto(`${app.base}/appointments`);
    await page.getByRole("link", { name: "Book an appointment" }).click();
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.locator(".nhsuk-error-summary").getByText("Choose a time for your appointment").waitFor();
    await page.locator('input[name="slot"]').nth(1).check();
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.waitForURL(/\/appointments\?done=booked$/);
    await page.getByText("Appointment booked. We have sent you a confirmation email.").waitFor();
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(widths[0] <= widths[1], `Your appointments is ${widths[0]} px wide at 320 px`);
    await page.getByRole("button", { name: /^Cancel appointment on / }).click();
    await page.waitForURL(/\/appointments\?done=cancelled$/);
    await page.getByText("You have no appointments booked.").waitFor();
    await context.close();
  });
});
