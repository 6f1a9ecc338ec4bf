// Availability and requests for cover end to end (issue 20, workflow 2),
// with two browser contexts: a locum of the network, on a phone-sized
// screen and by keyboard alone, marks an afternoon available on the week
// grid; the practice's administrator finds them in "Locum availability"
// and requests cover; the locum accepts; the practice confirms; the
// session is then in both Schedules. Without JavaScript the grid's toggle
// is a plain form post.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dayAhead, expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, setPasswordByEmail, signIn, startApp } from "./harness.mjs";

let app;
const PRACTICE_ADMIN = "priya.shah@gatehouse-demo.nhs.uk";
const LOCUM = "rosa.lind@gatehouse-demo.nhs.uk";
const PASSWORD = "copper kettle meadow";


/** A segment's button in the week grid, by its name: "Afternoon, Monday
 * 14 December 2026: Not available 13:00 to 18:00". */
function segment(name, day, state) {
  return new RegExp(`^${name}\\W+${day.words}\\W+${state}\\b`, "i");
}

const DAY = dayAhead(11);
const LATER = dayAhead(12);

before(async () => {
  app = await startApp();
  await setAdminPassword(app, PASSWORD);
  await setPasswordByEmail(app, PRACTICE_ADMIN, PASSWORD);
  await setPasswordByEmail(app, LOCUM, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Availability and requests for cover in headless Chromium", () => {
  test("a locum marks an afternoon by keyboard, the practice requests cover, the locum accepts, the practice confirms", async () => {
    const locum = await openPage(app);
    await locum.page.setViewportSize({ width: 320, height: 640 });
    await signIn(app, locum.page, LOCUM, PASSWORD);
    await locum.page.goto(`${app.base}/schedule?week=${DAY.iso}`);
    await hydrated(locum.page);
    await locum.page.getByRole("heading", { level: 2, name: "Your availability" }).waitFor();
    const afternoon = locum.page.getByRole("button", { name: segment("Afternoon", DAY, "not available") });
    await afternoon.focus();
    await locum.page.keyboard.press("Space");
    await locum.page.waitForURL((url) => url.searchParams.get("changed") === `${DAY.iso}.afternoon.on`);
    const marked = locum.page.getByRole("button", { name: segment("Afternoon", DAY, "available") });
    await marked.waitFor();
    assert.equal(await marked.getAttribute("aria-pressed"), "true");
    await locum.page.waitForFunction((id) => document.activeElement?.id === id, `segment-${DAY.iso}-afternoon`);
    const wide = await locum.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 320, `the Schedule fits 320 px (scroll width ${wide})`);
    await expectAccessible(locum.page, "Schedule's availability grid at 320 px");

    // The practice finds Rosa free that afternoon and asks her.
    const practice = await openPage(app);
    await signIn(app, practice.page, PRACTICE_ADMIN, PASSWORD);
    await practice.page.locator("header").getByRole("link", { name: "Requirements" }).click();
    await practice.page.waitForURL(/\/practices\/[^/]+\/requirements$/);
    const practiceId = new URL(practice.page.url()).pathname.split("/")[2];
    await practice.page.goto(`${app.base}/practices/${practiceId}/availability?week=${DAY.iso}&role=gp`);
    await hydrated(practice.page);
    await practice.page.getByRole("heading", { level: 1, name: "Locum availability" }).waitFor();
    await practice.page.getByText(`Request cover: Rosa Lind, ${DAY.words} Afternoon`).click();
    const card = practice.page.locator(".nhsuk-card", { hasText: `Request cover: Rosa Lind, ${DAY.words} Afternoon` });
    await card.getByRole("button", { name: "Request cover" }).click();
    await card.getByText("Enter the rate in pounds an hour").first().waitFor();
    await card.getByLabel("Rate (£ an hour)").fill("88");
    await card.getByRole("button", { name: "Request cover" }).click();
    await practice.page.waitForURL(/\/availability\?done=requested$/);
    await practice.page.getByText("Request sent.").waitFor();
    await practice.page.getByText("Requested", { exact: true }).waitFor();
    await expectAccessible(practice.page, "Locum availability with a request");

    // Rosa accepts it from her Schedule.
    await locum.page.goto(`${app.base}/schedule`);
    await hydrated(locum.page);
    const accept = locum.page.getByRole("button", { name: new RegExp(`^Accept the request from .* for ${DAY.words}$`) });
    await accept.focus();
    await locum.page.keyboard.press("Enter");
    await locum.page.waitForURL(`${app.base}/schedule?done=request_accepted`);
    await locum.page.getByText("Request accepted.").waitFor();

    // The practice confirms; it is booked in both Schedules.
    await practice.page.reload();
    await hydrated(practice.page);
    await practice.page.getByRole("button", { name: `Confirm Rosa Lind for ${DAY.words}, Afternoon` }).click();
    await practice.page.waitForURL(/\/availability\?done=confirmed$/);
    await practice.page.getByText("Booking confirmed.").waitFor();
    await practice.page.getByText("Confirmed", { exact: true }).waitFor();
    await practice.page.goto(`${app.base}/practices/${practiceId}/requirements`);
    await practice.page.getByText("Booked: Rosa Lind will cover it").waitFor();
    expectNoErrors(practice.problems, "requesting and confirming cover", ["422 (Unprocessable Entity)"]);

    const mail = await app.mail.waitFor((m) => m.to.includes(LOCUM) && / confirmed your booking$/.test(m.subject));
    assert.match(mail.text, /13:00 to 18:00/);
    await locum.page.goto(`${app.base}/schedule?week=${DAY.iso}`);
    await hydrated(locum.page);
    await locum.page.getByText("13:00 to 18:00 · Assigned to you").waitFor();
    await locum.page.getByRole("link", { name: "Month view" }).click();
    await locum.page.waitForURL(`${app.base}/schedule/month`);
    await hydrated(locum.page);
    await locum.page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
    await expectAccessible(locum.page, "Schedule's month view");
    expectNoErrors(locum.problems, "the locum's side of a request for cover");
    await locum.context.close();
    await practice.context.close();
  });

  test("without JavaScript the grid's toggle is a plain form post", async () => {
    const plain = await openPage(app, { javaScript: false });
    await plain.page.goto(`${app.base}/sign-in`);
    await plain.page.getByLabel("Email address").fill(LOCUM);
    await plain.page.getByLabel("Password").fill(PASSWORD);
    await plain.page.getByRole("button", { name: "Sign in" }).click();
    await plain.page.waitForURL((url) => url.pathname !== "/sign-in");
    await plain.page.goto(`${app.base}/schedule?week=${LATER.iso}`);
    await plain.page.getByRole("button", { name: segment("Evening", LATER, "not available") }).click();
    await plain.page.waitForURL((url) => url.searchParams.get("changed") === `${LATER.iso}.evening.on`);
    await plain.page.getByRole("button", { name: segment("Evening", LATER, "available") }).waitFor();
    expectNoErrors(plain.problems, "toggling availability without JavaScript");
    await plain.context.close();
  });
});
