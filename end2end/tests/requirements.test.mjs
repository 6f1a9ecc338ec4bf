// Practice requirements end to end (issue 20, workflow 1), with two
// browser contexts: the practice's administrator posts a requirement
// (after the form's errors); a locum of the network, on a phone-sized
// screen, finds it in their Schedule and offers cover; the practice
// accepts the offer by keyboard; it is then in both Schedules: booked on
// the practice's Requirements and in the locum's week, with an email, and
// in the calendar feed the locum makes and turns off.
// Without JavaScript a second offer is made and declined by plain posts.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dayAhead, expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const PRACTICE_ADMIN = "priya.shah@gatehouse-demo.nhs.uk";
const LOCUM = "rosa.lind@gatehouse-demo.nhs.uk";
const PASSWORD = "copper kettle meadow";


const FIRST = dayAhead(9);
const SECOND = dayAhead(10);

async function post(page, when, start, end) {
  await page.locator("#date_day").fill(when.day);
  await page.locator("#date_day-month").fill(when.month);
  await page.locator("#date_day-year").fill(when.year);
  await page.getByLabel("Session start time").fill(start);
  await page.getByLabel("Session end time").fill(end);
  await page.getByLabel("Role").selectOption({ label: "GP" });
  await page.getByLabel("Rate (£ an hour)").fill("95");
  await page.getByRole("button", { name: "Post requirement" }).click();
}

before(async () => {
  app = await startApp();
  await setAdminPassword(app, PASSWORD);
  await setPasswordByEmail(app, PRACTICE_ADMIN, PASSWORD);
  await setPasswordByEmail(app, LOCUM, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Practice requirements in headless Chromium", () => {
  test("a practice posts a requirement, a locum offers cover, the practice accepts and it is in both Schedules", async () => {
    const practice = await openPage(app);
    await signIn(app, practice.page, PRACTICE_ADMIN, PASSWORD);
    await practice.page.locator("header").getByRole("link", { name: "Requirements" }).click();
    await practice.page.waitForURL(/\/practices\/[^/]+\/requirements$/);
    await hydrated(practice.page);
    await practice.page.getByRole("heading", { level: 1, name: "Requirements" }).waitFor();

    // An empty form: the error summary, focused, names each field.
    await practice.page.getByRole("button", { name: "Post requirement" }).click();
    const summary = practice.page.locator(".nhsuk-error-summary");
    await summary.getByText("Enter the date of the shift").waitFor();
    assert.match(await summary.textContent(), /Enter the start time/);
    await practice.page.waitForFunction(() => document.activeElement?.closest(".nhsuk-error-summary"));
    await expectAccessible(practice.page, "Requirements with errors");

    await post(practice.page, FIRST, "09:00", "13:00");
    await practice.page.waitForURL(/\/requirements\?done=posted$/);
    await practice.page.getByText("Requirement posted.").waitFor();
    await practice.page.waitForFunction(() => document.activeElement?.id === "done");
    await practice.page.getByText("No offers yet").waitFor();
    await expectAccessible(practice.page, "Requirements");
    expectNoErrors(practice.problems, "posting a requirement", ["422 (Unprocessable Entity)"]);

    // Rosa, on a phone, offers cover from her Schedule.
    const locum = await openPage(app);
    await locum.page.setViewportSize({ width: 320, height: 640 });
    await signIn(app, locum.page, LOCUM, PASSWORD);
    await locum.page.goto(`${app.base}/schedule`);
    await hydrated(locum.page);
    await locum.page.getByRole("heading", { level: 2, name: "Practice requirements" }).waitFor();
    const offer = locum.page.getByRole("button", { name: new RegExp(`^Offer cover: .*, ${FIRST.words}, 09:00 to 13:00$`) });
    await offer.waitFor();
    const wide = await locum.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the Schedule fits 320 px (scroll width ${wide})`);
    await expectAccessible(locum.page, "Schedule with a requirement at 320 px");
    await offer.focus();
    await locum.page.keyboard.press("Enter");
    await locum.page.waitForURL(`${app.base}/schedule?done=offered`);
    await locum.page.getByText("Offer sent.").waitFor();
    await locum.page.getByText("Your offer:").first().waitFor();
    await locum.page.getByText("Offered", { exact: true }).first().waitFor();

    // The practice sees the offer and accepts it by keyboard.
    await practice.page.reload();
    await hydrated(practice.page);
    const accept = practice.page.getByRole("button", { name: "Accept the offer from Rosa Lind" });
    await accept.waitFor();
    await expectAccessible(practice.page, "Requirements with an offer");
    await accept.focus();
    await practice.page.keyboard.press("Enter");
    await practice.page.waitForURL(/\/requirements\?done=accepted$/);
    await practice.page.getByText("Offer accepted.").waitFor();
    await practice.page.getByText("Booked: Rosa Lind will cover it").waitFor();
    await practice.page.getByText("Accepted", { exact: true }).waitFor();
    expectNoErrors(practice.problems, "accepting an offer", ["422 (Unprocessable Entity)"]);

    // It is in Rosa's week, and she was emailed.
    const mail = await app.mail.waitFor((m) => m.to.includes(LOCUM) && / accepted your offer$/.test(m.subject));
    assert.match(mail.text, /09:00 to 13:00/);
    await locum.page.goto(`${app.base}/schedule?week=${FIRST.iso}`);
    await hydrated(locum.page);
    await locum.page.getByText("09:00 to 13:00 · Assigned to you").waitFor();

    // Her calendar link: shown once, focused, and the feed holds the booking.
    await locum.page.getByRole("button", { name: "Create a calendar link" }).click();
    await locum.page.waitForURL(/\/schedule\?calendar=[0-9a-f]{64}#calendar$/);
    const field = locum.page.getByLabel("Your calendar link");
    await locum.page.waitForFunction(() => document.activeElement?.id === "calendar-link");
    const link = await field.inputValue();
    const feed = await fetch(link);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type"), /^text\/calendar/);
    const ics = await feed.text();
    assert.match(ics, new RegExp(`DTSTART:${FIRST.iso.replaceAll("-", "")}T0[89]0000Z`)); // 09:00 in London: 08:00 UTC in summer
    await expectAccessible(locum.page, "Schedule with a new calendar link");
    await locum.page.getByRole("button", { name: "Turn off the calendar link" }).click();
    await locum.page.waitForURL(`${app.base}/schedule?done=calendar_off`);
    assert.equal((await fetch(link)).status, 404);
    expectNoErrors(locum.problems, "offering cover", ["404 (Not Found)"]);
    await locum.context.close();
    await practice.context.close();
  });

  test("without JavaScript a locum offers cover and the practice declines it", async () => {
    const practice = await openPage(app, { javaScript: false });
    await practice.page.goto(`${app.base}/sign-in`);
    await practice.page.getByLabel("Email address").fill(PRACTICE_ADMIN);
    await practice.page.getByLabel("Password").fill(PASSWORD);
    await practice.page.getByRole("button", { name: "Sign in" }).click();
    await practice.page.waitForURL((url) => url.pathname !== "/sign-in");
    await practice.page.locator("header").getByRole("link", { name: "Requirements" }).click();
    await post(practice.page, SECOND, "14:00", "18:00");
    await practice.page.waitForURL(/\/requirements\?done=posted$/);

    const locum = await openPage(app, { javaScript: false });
    await locum.page.goto(`${app.base}/sign-in`);
    await locum.page.getByLabel("Email address").fill(LOCUM);
    await locum.page.getByLabel("Password").fill(PASSWORD);
    await locum.page.getByRole("button", { name: "Sign in" }).click();
    await locum.page.waitForURL((url) => url.pathname !== "/sign-in");
    await locum.page.goto(`${app.base}/schedule`);
    await locum.page.getByRole("button", { name: new RegExp(`^Offer cover: .*, ${SECOND.words}, 14:00 to 18:00$`) }).click();
    await locum.page.waitForURL(`${app.base}/schedule?done=offered`);

    await practice.page.reload();
    await practice.page.getByRole("button", { name: "Decline the offer from Rosa Lind" }).click();
    await practice.page.waitForURL(/\/requirements\?done=declined$/);
    await practice.page.getByText("Offer declined.").waitFor();
    await locum.page.goto(`${app.base}/schedule`);
    await locum.page.getByText("Declined", { exact: true }).waitFor();
    expectNoErrors(practice.problems, "declining without JavaScript");
    expectNoErrors(locum.problems, "offering without JavaScript");
    await locum.context.close();
    await practice.context.close();
  });
});
