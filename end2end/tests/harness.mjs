// Starts the release server binary on a free loopback port with a fresh
// database, seeds the demo network, creates an administrator, and launches
// Debian's Chromium through playwright-core. The server sends its emails
// over SMTP to a sink on loopback (smtp-sink.mjs), where tests read them.
// Every page a test visits is checked with axe (WCAG 2.2 AA) and for
// console errors and page errors.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import { startSmtpSink } from "./smtp-sink.mjs";

const root = resolve(import.meta.dirname, "..", "..");
const targetDir = process.env.CARGO_TARGET_DIR || join(root, "target");
const serverBin = process.env.GATEHOUSE_SERVER_BIN || join(targetDir, "release", "server");
const siteRoot = process.env.LEPTOS_SITE_ROOT || join(root, "target", "site");

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on("error", fail);
  });
}

// `server simulate-gp-connect` on a free loopback port; resolves with its
// URL once it says it is listening.
function startGpConnectSimulator() {
  const env = { ...process.env, GATEHOUSE_ENV: "development", RUST_LOG: "warn" };
  const child = spawn(serverBin, ["simulate-gp-connect", "--addr", "127.0.0.1:0"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.on("exit", (code) => fail(new Error(`GP Connect simulator exited with ${code}: ${out}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (found) {
        ok({
          url: found[1],
          async setFault(fault) {
            const res = await fetch(`${found[1]}/_simulator/fault`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ fault }),
            });
            assert.equal(res.status, 204, `simulator took fault ${fault}`);
          },
          stop: () => child.kill("SIGTERM"),
        });
      }
    });
  });
}

export async function startApp() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "gh-e2e-"));
  // Emails go through lettre to a real SMTP server, as in production, not
  // to the development mailbox, which only marks them delivered.
  const mail = await startSmtpSink();
  // The practices' clinical system: the GP Connect simulator, a process of
  // its own on loopback, as the SMTP sink is a server of its own.
  const gpConnect = await startGpConnectSimulator();
  const env = {
    ...process.env,
    // Development mode, asked for by name (production is the default): the
    // tests seed the demo network and move the clock.
    GATEHOUSE_ENV: "development",
    GATEHOUSE_DATA_DIR: dataDir,
    BASE_URL: base,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: siteRoot,
    LEPTOS_OUTPUT_NAME: "gatehouse",
    LEPTOS_ENV: "PROD",
    RUST_LOG: process.env.RUST_LOG || "warn",
    // Tests move the server's clock by writing an offset here, never by sleeping.
    GATEHOUSE_TEST_CLOCK_FILE: join(dataDir, "clock-offset-ms"),
    SMTP_URL: mail.url,
    MAIL_FROM: "gatehouse@nhs.net",
    GP_CONNECT_URL: gpConnect.url,
  };
  let clockOffset = 0;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;

  const run = (args) => execFileSync(serverBin, args, { env, cwd: dataDir, encoding: "utf8" });
  run(["seed-demo"]);
  const adminOutput = run(["create-admin", "--email", "lead.admin@nhs.net"]);
  const adminLink = adminOutput.split("\n").find((l) => l.startsWith(`${base}/set-password/`));
  assert.ok(adminLink, `create-admin printed a link: ${adminOutput}`);

  const child = spawn(serverBin, ["serve"], { env, cwd: dataDir, stdio: ["ignore", "inherit", "inherit"] });
  let exited = null;
  child.on("exit", (code) => (exited = code));
  // Wait (bounded) until the health check answers.
  for (let attempt = 0; ; attempt++) {
    if (exited !== null) throw new Error(`server exited with ${exited}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (attempt > 300) throw new Error("server did not become healthy within 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }

  const browser = await chromium.launch(LAUNCH);

  return {
    base,
    adminLink,
    browser,
    /** The server process, for its memory figures (`.ci/bench`). */
    serverPid: child.pid,
    /** The SMTP sink: `await app.mail.waitFor((m) => ...)` for an email the server sent. */
    mail,
    /** The GP Connect simulator: `await app.gpConnect.setFault("deactivated")`. */
    gpConnect,
    /** Moves the server's clock forward. */
    moveClock(ms) {
      clockOffset += ms;
      writeFileSync(env.GATEHOUSE_TEST_CLOCK_FILE, String(clockOffset));
    },
    /** Calls a server function as a same-site form post would. */
    async callApi(name, form) {
      return fetch(`${base}/api/${name}`, {
        method: "POST",
        headers: { origin: base, accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
    },
    async stop() {
      await browser.close();
      child.kill("SIGTERM");
      gpConnect.stop();
      await mail.close();
    },
  };
}

// A fresh browser context and page that records console errors and page
// errors (uncaught exceptions, such as a broken wasm module).
// With { persistent: true } the context has its own profile on disk (not
// incognito), as an installed PWA would.
// With { javaScript: false } the page runs no script at all (no WebAssembly),
// as a browser with JavaScript off, or a tap before the page has hydrated.
// With { serviceWorkers: "block" } no service worker runs, so what is seen
// is the HTTP cache's doing.
export async function openPage(app, { persistent = false, javaScript = true, serviceWorkers = "allow" } = {}) {
  const context = persistent
    ? await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "gh-profile-")), LAUNCH)
    : await app.browser.newContext({ javaScriptEnabled: javaScript, serviceWorkers });
  const page = persistent ? context.pages()[0] || (await context.newPage()) : await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  return { context, page, problems };
}

// Waits until the WebAssembly client has hydrated the page now shown: each
// page's code marks the body with its path once it runs (PageReady), which
// for a lazy route is after its chunk has arrived.
export async function hydrated(page) {
  await page.waitForFunction(
    () =>
      document.body.classList.contains("nhsuk-frontend-supported") &&
      document.body.dataset.hydrated === location.pathname,
    null,
    { timeout: 30_000 },
  );
}

export async function expectAccessible(page, label) {
  // Check the settled page: while a lazy route hydrates, its <title> can be
  // briefly absent (seen once in CI as axe's document-title). A page that
  // never gets a title still fails, below.
  await page.waitForFunction(() => document.title.trim().length > 0, null, { timeout: 10_000 }).catch(() => {});
  // axe runs in the page: on a page with JavaScript off it never answers,
  // so it is bounded (check such pages in a context with JavaScript on).
  let timer;
  const bounded = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`axe did not finish on ${label} within 60 s (is JavaScript off there?)`)), 60_000);
  });
  const analyse = () => Promise.race([new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze(), bounded]);
  let results = await analyse();
  // The <title> can also drop out for a moment while the page settles after
  // the wait above (seen in CI on "Your Patient Profile"): then check once
  // more when it is back. A page that never gets a title still fails.
  if (results.violations.some((v) => v.id === "document-title")) {
    await page.waitForFunction(() => document.title.trim().length > 0, null, { timeout: 10_000 }).catch(() => {});
    results = await analyse();
  }
  clearTimeout(timer);
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(summary, [], `axe found WCAG 2.2 AA violations on ${label}`);
}

export function expectNoErrors(problems, label, allowed = []) {
  const unexpected = problems.filter((p) => !allowed.some((a) => p.includes(a)));
  assert.deepEqual(unexpected, [], `console or page errors on ${label}`);
}

/** Signs in through the form and waits for the page it lands on: the inbox
 * for staff who answer requests in a practice, "Your Patient Profile" for a
 * patient, "Hub management" for a locum, else "Your account". */
export async function signIn(app, page, email, password) {
  await page.goto(`${app.base}/sign-in`);
  await hydrated(page);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => ["/account", "/inbox", "/patient-profile", "/hub-management"].includes(url.pathname));
}

/** The id of the demo organisation with this name (from the public list). */
export async function organisationId(app, name) {
  const response = await app.callApi("list_organisations", {});
  assert.equal(response.status, 200);
  const found = (await response.json()).find((o) => o.name === name);
  assert.ok(found, `${name} is in the demo network`);
  return found.id;
}

/** Gives a person a password as they would get one: "Forgot your
 * password?" emails a link, and the password is set from it. */
export async function setPasswordByEmail(app, email, password) {
  const asked = await app.callApi("request_password_reset", { email });
  assert.equal(asked.status, 200);
  // The reset email, not another one to the same person (a demo locum gets
  // the day-before reminder of their booked shift as the server starts).
  const mail = await app.mail.waitFor(
    (m) => m.to.includes(email) && app.mail.linksIn(m).some((l) => l.startsWith(`${app.base}/set-password/`)),
  );
  const link = app.mail.linksIn(mail).find((l) => l.startsWith(`${app.base}/set-password/`));
  assert.ok(link, `the reset email has a link: ${mail.text}`);
  const token = link.split("/").pop();
  const set = await app.callApi("set_password", { token, password, confirm: password });
  assert.equal(set.status, 200, `the password for ${email} is set`);
}

/** Sets the network administrator's password from create-admin's link,
 * in the browser, as a newcomer does. */
export async function setAdminPassword(app, password) {
  const { context, page } = await openPage(app);
  await page.goto(app.adminLink);
  await hydrated(page);
  await page.getByLabel("Create a password").fill(password);
  await page.getByLabel("Confirm your password").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.waitForURL(`${app.base}/password-set`);
  await context.close();
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date `days` from today (UTC calendar), as the forms and pages want it:
 * day, month and year fields, the ISO date and "Tuesday 8 December 2026". */
export function dayAhead(days) {
  const d = new Date(Date.now() + days * 86_400_000);
  return {
    day: String(d.getUTCDate()),
    month: String(d.getUTCMonth() + 1),
    year: String(d.getUTCFullYear()),
    iso: d.toISOString().slice(0, 10),
    words: `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  };
}
