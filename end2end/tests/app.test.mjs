import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectAccessible, expectNoErrors, hydrated, openPage, signIn, startApp } from "./harness.mjs";

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

describe("Gatehouse in headless Chromium", () => {
  test("the home page is server rendered, hydrates, and its tabs work by mouse and keyboard", async () => {
    const { context, page, problems } = await openPage(app);
    const response = await page.goto(`${app.base}/`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator(".nhsuk-header__service-name").textContent(), "Gatehouse");
    assert.equal(await page.locator('link[rel="manifest"]').count(), 1);
    await hydrated(page);

    const patientsPanel = page.locator("#patients");
    const staffPanel = page.locator("#staff");
    assert.equal(await patientsPanel.isVisible(), false);
    await page.getByRole("tab", { name: "Patients" }).click();
    assert.equal(await patientsPanel.isVisible(), true);
    assert.equal(await staffPanel.isVisible(), false);
    assert.equal(await page.getByRole("tab", { name: "Patients" }).getAttribute("aria-selected"), "true");

    await page.keyboard.press("ArrowRight");
    assert.equal(await page.locator("#locums").isVisible(), true);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "tab_locums");

    await expectAccessible(page, "/");
    expectNoErrors(problems, "/");
    await context.close();
  });

  test("pages use the NHS.UK font stack (Frutiger, else Arial), never the browser's serif", async () => {
    const { context, page, problems } = await openPage(app);
    await page.goto(`${app.base}/sign-in`);
    const fonts = await page.evaluate(() =>
      ["body", "h1", "label", "input", "button"].map((selector) => {
        const element = document.querySelector(selector);
        return [selector, element ? getComputedStyle(element).fontFamily : "missing"];
      }),
    );
    for (const [selector, family] of fonts) {
      assert.match(family, /^"?Frutiger W01"?, Arial/, `${selector} is set in ${family}`);
    }
    expectNoErrors(problems, "fonts");
    await context.close();
  });

  test("the organisations page lists the demo network", async () => {
    const { context, page, problems } = await openPage(app);
    const response = await page.goto(`${app.base}/organisations`);
    assert.equal(response.status(), 200);
    await hydrated(page);
    const table = page.locator("table.nhsuk-table");
    for (const name of ["Coastline Locum Network", "Harbour View Surgery", "Elm Tree Medical Centre", "Riverside Health Centre"]) {
      assert.equal(await table.getByRole("rowheader", { name, exact: true }).count(), 1, name);
    }
    await expectAccessible(page, "/organisations");
    expectNoErrors(problems, "/organisations");
    await context.close();
  });

  test("an unknown address is a 404 page inside the NHS layout", async () => {
    const { context, page, problems } = await openPage(app);
    const response = await page.goto(`${app.base}/no-such-page`);
    assert.equal(response.status(), 404);
    assert.equal(await page.locator("h1").textContent(), "Page not found");
    await hydrated(page);
    await expectAccessible(page, "/no-such-page");
    // The browser itself logs the 404 status of the document.
    expectNoErrors(problems, "/no-such-page", ["404 (Not Found)"]);
    await context.close();
  });

  test("the administrator sets a password from the one-time link, and the link then stops working", async () => {
    const { context, page, problems } = await openPage(app);
    const response = await page.goto(app.adminLink);
    assert.equal(response.status(), 200);
    await hydrated(page);
    assert.match(await page.locator("main").textContent(), /lead\.admin@nhs\.net/);

    // Mismatched passwords: an error summary that takes focus, a message by the field.
    await page.getByLabel("Create a password").fill("a long enough password");
    await page.getByLabel("Confirm your password").fill("a different password");
    await page.getByRole("button", { name: "Set password" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /The passwords do not match/);
    assert.match(await page.locator("#confirm-error").textContent(), /The passwords do not match/);
    await page.waitForFunction(() => document.activeElement?.classList.contains("nhsuk-error-summary"));
    assert.equal(await page.title(), "Error: Set your password – Gatehouse – NHS");
    await expectAccessible(page, "set password with errors");

    // Following the summary link by keyboard puts the cursor in the field.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "The passwords do not match");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "confirm");

    await page.getByLabel("Confirm your password").fill("a long enough password");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(`${app.base}/password-set`);
    // The page's code is a lazily loaded chunk: wait for it to render.
    await page.getByRole("heading", { level: 1, name: "Password set" }).waitFor();
    // The new page's own title, with no "Error: " left from the form.
    await page.waitForFunction(() => document.title === "Password set – Gatehouse – NHS");
    await expectAccessible(page, "/password-set");
    // The refused attempt is an HTTP 422, which Chromium logs; nothing else may appear.
    expectNoErrors(problems, "set password", ["status of 422"]);

    const again = await page.goto(app.adminLink);
    assert.equal(again.status(), 410);
    assert.equal(await page.locator("h1").textContent(), "This link has expired or has already been used");
    await hydrated(page);
    await expectAccessible(page, "expired link");
    await context.close();
  });

  // Uses the password the previous test set.
  test("the administrator signs in, a wrong password shows the NHS error summary, and signing out works", async () => {
    const { context, page, problems } = await openPage(app);
    await page.goto(`${app.base}/sign-in`);
    await hydrated(page);
    await expectAccessible(page, "/sign-in");

    await page.getByLabel("Email address").fill("lead.admin@nhs.net");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    assert.match(await summary.textContent(), /Email address or password is wrong/);
    await page.waitForFunction(() => document.activeElement?.classList.contains("nhsuk-error-summary"));
    await expectAccessible(page, "/sign-in with errors");

    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/account`);
    await hydrated(page);
    assert.equal(await page.locator("h1").textContent(), "Your account");
    assert.match(await page.locator("main").textContent(), /lead\.admin@nhs\.net/);
    assert.match(await page.locator("main").textContent(), /Network administrator/);
    await expectAccessible(page, "/account");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`${app.base}/`);
    await hydrated(page);
    assert.equal(await page.getByRole("link", { name: "Sign in" }).count(), 1);
    const account = await page.goto(`${app.base}/account`);
    assert.equal(account.status(), 401);
    // Refused sign-in (422) and the signed-out account page (401) are logged by Chromium.
    expectNoErrors(problems, "sign in", ["status of 422", "status of 401"]);
    await context.close();
  });

  test("after sign-in, a next= address off this site is ignored for the account page", async () => {
    const { context, page, problems } = await openPage(app);
    // %09 is a tab: browsers drop it, so "/<tab>/example.org/x" would
    // become "//example.org/x", another site.
    await page.goto(`${app.base}/sign-in?next=/%09/example.org/x`);
    await hydrated(page);
    await page.getByLabel("Email address").fill("lead.admin@nhs.net");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${app.base}/account`);
    assert.equal(new URL(page.url()).origin, new URL(app.base).origin);
    expectNoErrors(problems, "sign-in with an off-site next=");
    await context.close();
  });

  test("an idle session ends after 30 minutes (the server's clock is moved)", async () => {
    const { context, page, problems } = await openPage(app);
    await signIn(app, page, "lead.admin@nhs.net", "a long enough password");
    await page.getByRole("heading", { name: "Your recent activity" }).waitFor();
    assert.match(await page.locator("main").textContent(), /Signed in/);
    await expectAccessible(page, "/account with activity");
    app.moveClock(29 * 60_000);
    assert.equal((await page.goto(`${app.base}/account`)).status(), 200, "29 minutes idle: still signed in");
    app.moveClock(31 * 60_000);
    const expired = await page.goto(`${app.base}/account`);
    assert.equal(expired.status(), 401, "31 minutes idle: signed out");
    assert.match(await page.locator("h1").textContent(), /You need to sign in/);
    expectNoErrors(problems, "idle expiry", ["status of 401"]);
    await context.close();
  });

  test("a locked account is unlocked by an administrator, its owner resets the password from the emailed link, and sees the notifications", async () => {
    const person = "grace.adams@gatehouse-demo.nhs.uk";
    // Fifty failed sign-ins (the hard lock) lock the account; the clock moves past each growing wait.
    for (let n = 0; n < 50; n++) {
      app.moveClock(16 * 60_000);
      const res = await app.callApi("sign_in", { email: person, password: `guess ${n}` });
      assert.equal(res.status, 422, `attempt ${n + 1} is refused with the generic message`);
    }

    const admin = await openPage(app);
    const { page } = admin;
    await signIn(app, page, "lead.admin@nhs.net", "a long enough password");
    await page.goto(`${app.base}/locked-accounts`);
    await hydrated(page);
    assert.match(await page.locator("main").textContent(), /Grace Adams/);
    await expectAccessible(page, "/locked-accounts");
    const historyLink = await page.getByRole("link", { name: "Grace Adams" }).getAttribute("href");
    await page.getByRole("button", { name: "Unlock Grace Adams" }).click();
    await page.waitForURL(/\/locked-accounts\?unlocked=1/);
    assert.match(await page.locator(".nhsuk-notification-banner").textContent(), /Account unlocked/);
    assert.match(await page.locator("main").textContent(), /No accounts are locked/);
    // The person's history shows the lock and who lifted it.
    await page.goto(`${app.base}${historyLink}`);
    await page.getByRole("heading", { level: 1, name: "Activity for Grace Adams" }).waitFor();
    const history = await page.locator("main").textContent();
    assert.match(history, /Account locked after failed sign-ins/);
    assert.match(history, /Account unlocked/);
    await expectAccessible(page, "a person's activity");
    expectNoErrors(admin.problems, "unlocking");
    await admin.context.close();

    const owner = await openPage(app);
    const p = owner.page;
    await p.goto(`${app.base}/sign-in`);
    await hydrated(p);
    await p.getByRole("link", { name: "Forgot your password?" }).click();
    await p.waitForURL(`${app.base}/forgot-password`);
    await hydrated(p);
    await expectAccessible(p, "/forgot-password");
    await p.getByLabel("Email address").fill(person);
    await p.getByRole("button", { name: "Send reset link" }).click();
    await p.getByRole("heading", { name: "Check your email" }).waitFor();

    // The outbox worker delivers the email over SMTP to the harness's sink.
    const mail = await app.mail.waitFor((m) => m.to.includes(person) && m.subject === "Reset your Gatehouse password");
    const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/set-password/`));
    assert.ok(link, `the reset email has a set-password link: ${mail.text}`);
    await p.goto(link);
    await hydrated(p);
    await p.getByLabel("Create a password").fill("graces new password");
    await p.getByLabel("Confirm your password").fill("graces new password");
    await p.getByRole("button", { name: "Set password" }).click();
    await p.waitForURL(`${app.base}/password-set`);

    await signIn(app, p, person, "graces new password");
    const bell = p.locator("#notification-bell");
    assert.match(await bell.textContent(), /Notifications \(3 unread\)/);
    await bell.click();
    await p.waitForURL(`${app.base}/notifications`);
    await hydrated(p);
    await p.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
    await p.getByText("Your Gatehouse password has been changed").waitFor();
    const main = await p.locator("main").textContent();
    assert.match(main, /Your Gatehouse account is locked/);
    assert.match(main, /Your Gatehouse account has been unlocked/);
    assert.match(main, /Your Gatehouse password has been changed/);
    await expectAccessible(p, "/notifications");
    await p.getByRole("button", { name: "Mark all as read" }).click();
    await p.waitForURL(`${app.base}/notifications`);
    assert.equal((await p.locator("#notification-bell").textContent()).trim(), "Notifications");
    expectNoErrors(owner.problems, "reset and notifications", ["status of 401"]);
    await owner.context.close();
  });

  test("Chromium judges the app installable; offline, pages keep their address, offer Try again and show nobody's name", async () => {
    // Installability is judged only outside incognito: a persistent profile.
    const { context, page, problems } = await openPage(app, { persistent: true });
    // Signed in, as on a shared reception PC, while the worker caches.
    await signIn(app, page, "lead.admin@nhs.net", "a long enough password");
    await page.goto(`${app.base}/`);
    await hydrated(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    assert.deepEqual(installabilityErrors, []);

    const manifest = await (await fetch(`${app.base}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, "standalone");
    const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`);
    for (const want of ["192x192 any", "512x512 any", "512x512 maskable"]) assert.ok(sizes.includes(want), want);

    // Wait until the shell (offline page included) is in the cache.
    await page.waitForFunction(async () => Boolean(await caches.match("/offline.html")), null, { timeout: 30_000 });
    await page.reload();
    await hydrated(page);
    // In the app, losing the connection is announced.
    await context.setOffline(true);
    await page.getByRole("status").getByText("You are offline").waitFor();
    // A page asked for offline keeps its address and offers "Try again".
    await page.goto(`${app.base}/organisations`);
    assert.equal(new URL(page.url()).pathname, "/organisations");
    assert.equal(await page.locator("h1").textContent(), "You are offline");
    const text = await page.locator("body").textContent();
    assert.ok(!text.includes("lead.admin") && !text.includes("Sign out"), "the offline page names nobody");
    await context.setOffline(false);
    await expectAccessible(page, "offline page");
    await page.getByRole("link", { name: "Try again" }).click();
    await page.getByRole("heading", { level: 1, name: "Organisations in the network" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/organisations");
    expectNoErrors(problems, "offline", ["ERR_INTERNET_DISCONNECTED", "Failed to fetch"]);
    await context.close();
  });

  test("the health check answers", async () => {
    const res = await fetch(`${app.base}/healthz`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, "ok");
  });
});
