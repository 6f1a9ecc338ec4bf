// Hub shifts end to end (issue 20): the Hub manager adds a weekly rota of
// two shifts (after the form's errors), the demo locum chooses the
// location in Hub management, sees the shift in their Schedule on a
// phone-sized screen and takes it with "Assign to me"; both sides see it
// assigned and the locum gets an email. Without JavaScript the locum takes
// the second shift with a plain form post.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dayAhead, expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const HUB_MANAGER = "helen.price@gatehouse-demo.nhs.uk";
const LOCUM = "ben.carter@gatehouse-demo.nhs.uk";
const PASSWORD = "copper kettle meadow";


const FIRST = dayAhead(8);
const SECOND = dayAhead(15);

before(async () => {
  app = await startApp();
  await setAdminPassword(app, PASSWORD);
  await setPasswordByEmail(app, HUB_MANAGER, PASSWORD);
  await setPasswordByEmail(app, LOCUM, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Hub shifts in headless Chromium", () => {
  test("the Hub manager adds a rota, the locum takes a shift with Assign to me, both see it assigned", async () => {
    const manager = await openPage(app);
    await signIn(app, manager.page, HUB_MANAGER, PASSWORD);
    await manager.page.locator("header").getByRole("link", { name: "Hub shifts" }).click();
    await manager.page.waitForURL(/\/hubs\/[^/]+\/shifts$/);
    await hydrated(manager.page);
    await manager.page.getByRole("heading", { level: 1, name: "Hub shifts" }).waitFor();

    // An empty form: the error summary, focused, names each field.
    await manager.page.getByRole("button", { name: "Add shifts" }).click();
    const summary = manager.page.locator(".nhsuk-error-summary");
    await summary.getByText("Select the hub location").waitFor();
    assert.match(await summary.textContent(), /Enter the start time/);
    await manager.page.waitForFunction(() => document.activeElement?.closest(".nhsuk-error-summary"));
    await expectAccessible(manager.page, "Hub shifts with errors");

    await manager.page.getByLabel("Hub location").selectOption({ label: "Harbour View Surgery" });
    await manager.page.getByLabel("Role").selectOption({ label: "GP" });
    await manager.page.locator("#date_day").fill(FIRST.day);
    await manager.page.locator("#date_day-month").fill(FIRST.month);
    await manager.page.locator("#date_day-year").fill(FIRST.year);
    await manager.page.getByLabel("Start time").fill("08:00");
    await manager.page.getByLabel("End time").fill("12:30");
    await manager.page.getByLabel("Rate (£ an hour)").fill("90");
    await manager.page.getByLabel("Notes (optional)").fill("Park behind the surgery");
    await manager.page.locator("#repeat_day").fill(SECOND.day);
    await manager.page.locator("#repeat_day-month").fill(SECOND.month);
    await manager.page.locator("#repeat_day-year").fill(SECOND.year);
    await manager.page.getByRole("button", { name: "Add shifts" }).click();
    await manager.page.waitForURL(/\/shifts\?added=2$/);
    await manager.page.getByText("2 shifts added, one a week.").waitFor();
    await manager.page.waitForFunction(() => document.activeElement?.id === "done");
    const firstRow = manager.page.getByRole("row", { name: new RegExp(`${FIRST.words}.*08:00 to 12:30`) });
    await firstRow.getByText("Open", { exact: true }).waitFor();
    await expectAccessible(manager.page, "Hub shifts");
    // The empty form was refused with 422, as it should be.
    expectNoErrors(manager.problems, "adding hub shifts", ["422 (Unprocessable Entity)"]);

    // Ben, on a phone, chooses the location and takes the first shift.
    const locum = await openPage(app);
    await locum.page.setViewportSize({ width: 320, height: 640 });
    await signIn(app, locum.page, LOCUM, PASSWORD);
    await hydrated(locum.page);
    await locum.page.getByLabel(/Harbour View Surgery/).check();
    await locum.page.getByRole("button", { name: "Save locations" }).click();
    await locum.page.waitForURL(/\/hub-management\?done=/);
    await locum.page.goto(`${app.base}/schedule`);
    await hydrated(locum.page);
    await locum.page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
    const take = locum.page.getByRole("button", { name: `Assign to me: ${FIRST.words}, 08:00 to 12:30` });
    await take.waitFor();
    const wide = await locum.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the Schedule fits 320 px (scroll width ${wide})`);
    await expectAccessible(locum.page, "Schedule at 320 px");
    await take.focus();
    await locum.page.keyboard.press("Enter");
    await locum.page.waitForURL(`${app.base}/schedule?done=assigned`);
    await locum.page.getByText("Shift assigned to you.").waitFor();
    await locum.page.waitForFunction(() => document.activeElement?.id === "done");
    await locum.page.goto(`${app.base}/schedule?week=${FIRST.iso}`);
    await hydrated(locum.page);
    await locum.page.getByText("08:00 to 12:30 · Assigned to you").waitFor();
    await locum.page.getByText("Park behind the surgery").first().waitFor();
    const mail = await app.mail.waitFor((m) => m.to.includes(LOCUM) && m.subject.startsWith("Shift assigned to you"));
    assert.match(mail.text, /Harbour View Surgery/);
    expectNoErrors(locum.problems, "the locum's Schedule");
    await locum.context.close();

    // The hub sees who holds it.
    await manager.page.reload();
    await hydrated(manager.page);
    await firstRow.getByText("Assigned to Ben Carter").waitFor();
    await manager.context.close();
  });

  test("without JavaScript the locum takes a shift with a plain form post", async () => {
    const plain = await openPage(app, { javaScript: false });
    await plain.page.goto(`${app.base}/sign-in`);
    await plain.page.getByLabel("Email address").fill(LOCUM);
    await plain.page.getByLabel("Password").fill(PASSWORD);
    await plain.page.getByRole("button", { name: "Sign in" }).click();
    await plain.page.waitForURL(`${app.base}/hub-management`);
    await plain.page.goto(`${app.base}/schedule`);
    await plain.page.getByRole("button", { name: `Assign to me: ${SECOND.words}, 08:00 to 12:30` }).click();
    await plain.page.waitForURL(`${app.base}/schedule?done=assigned`);
    await plain.page.getByText("Shift assigned to you.").waitFor();
    await plain.page.goto(`${app.base}/schedule?week=${SECOND.iso}`);
    await plain.page.getByText("08:00 to 12:30 · Assigned to you").waitFor();
    expectNoErrors(plain.problems, "taking a shift without JavaScript");
    await plain.context.close();
  });
});
