// Screenshots for README at a phone's width (375 px): the inbox, a request
// page and the contact form, on the demo seed. Run after a release build:
//   (cd end2end && node screenshots.mjs)
// Writes docs/screenshots/*.png.
import { join, resolve } from "node:path";
import { hydrated, openPage, setPasswordByEmail, signIn, startApp } from "./tests/harness.mjs";

const out = resolve(import.meta.dirname, "..", "docs", "screenshots");
const PASSWORD = "screens at the harbour";
const TOM = "tom.hughes@gatehouse-demo.nhs.uk";

const app = await startApp();
try {
  await setPasswordByEmail(app, TOM, PASSWORD);
  const { context, page } = await openPage(app);
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(app, page, TOM, PASSWORD);
  await page.goto(`${app.base}/inbox`);
  await hydrated(page);
  await page.screenshot({ path: join(out, "inbox-375.png"), fullPage: true });
  const request = await page.locator("tr[data-request] a").first().getAttribute("href");
  await page.goto(`${app.base}${request}`);
  await hydrated(page);
  await page.screenshot({ path: join(out, "request-375.png"), fullPage: true });
  const practice = (await (await app.callApi("list_organisations", {})).json()).find((o) => o.name === "Harbour View Surgery").id;
  await page.goto(`${app.base}/practices/${practice}/contact`);
  await hydrated(page);
  await page.screenshot({ path: join(out, "contact-375.png"), fullPage: true });
  await context.close();
} finally {
  await app.stop();
}
