// Background jobs end to end: a bulk invite of 200 rows is started and its
// tab closed at once; the sending goes on without it, and another tab
// follows it on the practice's jobs page (live, over the event stream)
// until every invitation email has arrived.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, setAdminPassword, signIn, startApp } from "./harness.mjs";

let app;
const NETWORK_ADMIN = "lead.admin@nhs.net";
const PASSWORD = "copper kettle meadow";
const ROWS = 200;

before(async () => {
  app = await startApp();
  // The network administrator's password, from create-admin's link.
  await setAdminPassword(app, PASSWORD);
});

after(async () => {
  await app?.stop();
});

describe("Background jobs in headless Chromium", () => {
  test("a bulk invite of 200 rows goes on after its tab is closed and shows on the jobs page in another tab", async () => {
    const { context, page: first, problems } = await openPage(app);
    await signIn(app, first, NETWORK_ADMIN, PASSWORD);
    await first.goto(`${app.base}/organisations`);
    await hydrated(first);
    const staffHref = await first.locator('a[href^="/practices/"][href$="/staff"]').first().getAttribute("href");
    const practiceId = staffHref.split("/")[2];
    const jobsUrl = `${app.base}/organisations/${practiceId}/jobs`;

    // Another tab on the practice's jobs page, before anything is queued.
    const watcher = await context.newPage();
    watcher.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    await watcher.goto(jobsUrl);
    await hydrated(watcher);
    await watcher.getByText(/has no jobs yet/).waitFor();
    await expectAccessible(watcher, "jobs page, empty");

    await first.goto(`${app.base}${staffHref}/bulk`);
    await hydrated(first);
    let csv = "email,role,EMIS username\n";
    for (let i = 0; i < ROWS; i++) csv += `bulk.job.${i}@nhs.net,Receptionist,\n`;
    csv += "not-an-email,GP,\n";
    await first.getByLabel("CSV file").setInputFiles({ name: "staff.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await first.getByRole("button", { name: "Check file" }).click();
    await first.getByRole("button", { name: `Send ${ROWS} invites` }).click();
    // The job page opens; the tab is closed as soon as the job exists.
    await first.waitForURL(/\/organisations\/[^/]+\/jobs\/[^/]+$/);
    const jobPath = new URL(first.url()).pathname;
    await first.close();

    // The other tab hears of the job without reloading, and of its end.
    const row = watcher.getByRole("row").filter({ hasText: "Bulk staff invite" });
    await row.waitFor({ timeout: 15_000 });
    await row.getByText("Done").waitFor({ timeout: 60_000 });
    assert.match(await row.textContent(), new RegExp(`${ROWS} of ${ROWS}`));
    assert.match(await row.textContent(), /Lead|Admin|admin/);
    await expectAccessible(watcher, "jobs page with a finished job");

    // The job's own page: its progress, and the row the check refused.
    await watcher.getByRole("link", { name: "Bulk staff invite" }).click();
    await watcher.waitForURL(`${app.base}${jobPath}`);
    await hydrated(watcher);
    await watcher.getByRole("heading", { level: 1, name: "Bulk staff invite" }).waitFor();
    assert.equal(await watcher.locator("progress").first().getAttribute("value"), String(ROWS));
    assert.match(await watcher.locator("main").textContent(), /Sent 200 of 200 invites/);
    const notSent = await watcher.getByRole("heading", { name: "Rows not sent" }).locator("xpath=following-sibling::ul[1]").textContent();
    assert.match(notSent, /Row 202 \(not-an-email\): .*correct format/);
    assert.equal(await watcher.getByRole("button", { name: "Cancel" }).count(), 0, "a finished job cannot be cancelled");
    await expectAccessible(watcher, "a finished job");

    // Every invitation went out through SMTP.
    await app.mail.waitFor((m) => m.to.includes(`bulk.job.${ROWS - 1}@nhs.net`), { timeoutMs: 60_000 });
    await app.mail.waitFor((m) => m.to.includes("bulk.job.0@nhs.net"), { timeoutMs: 60_000 });
    expectNoErrors(problems, "bulk invite as a job");
    await context.close();
  });

  test("the jobs page asks a signed-out visitor to sign in, without WebAssembly too", async () => {
    const { context, page } = await openPage(app, { javaScript: false });
    const answer = await page.goto(`${app.base}/organisations/made-up/jobs`);
    assert.equal(answer.status(), 401);
    await page.getByRole("heading", { level: 1, name: "You need to sign in" }).waitFor();
    const events = await page.request.get(`${app.base}/organisations/made-up/jobs/events`);
    assert.equal(events.status(), 401);
    await context.close();
  });
});
