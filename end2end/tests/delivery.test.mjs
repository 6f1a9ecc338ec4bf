// Delivery (issue 15), in real Chromium: pages and the bundle arrive
// compressed, signed-in pages are never kept, and a second visit asks for
// the bundle again only to hear "304 Not Modified".
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { expectNoErrors, hydrated, openPage, startApp } from "./harness.mjs";

let app;

before(async () => {
  app = await startApp();
});

after(async () => {
  await app?.stop();
});

describe("Delivery in headless Chromium", () => {
  test("the page and its bundle come brotli-compressed, and a second visit revalidates the bundle instead of fetching it", async () => {
    // The service worker is kept out, so that what is seen is the HTTP
    // cache's doing.
    const { context, page, problems } = await openPage(app, { serviceWorkers: "block" });
    const seen = new Map();
    page.on("response", (response) => {
      const path = new URL(response.url()).pathname;
      if (!seen.has(path)) seen.set(path, []);
      seen.get(path).push(response);
    });

    await page.goto(`${app.base}/sign-in`);
    await hydrated(page);
    const document = seen.get("/sign-in")[0];
    const documentHeaders = await document.allHeaders();
    assert.equal(documentHeaders["content-encoding"], "br", "the page is compressed");
    assert.equal(documentHeaders["cache-control"], "no-store", "the page is never kept");
    const wasm = seen.get("/pkg/gatehouse.wasm")[0];
    const wasmHeaders = await wasm.allHeaders();
    assert.equal(wasm.status(), 200);
    assert.equal(wasmHeaders["content-encoding"], "br", "the bundle is compressed");
    assert.equal(wasmHeaders["cache-control"], "no-cache");
    assert.ok(wasmHeaders.etag, "the bundle has an ETag to revalidate with");

    // A second visit in the same browser: the bundle is asked for with its
    // ETag and not sent again.
    const page2 = await context.newPage();
    const again = [];
    page2.on("response", (response) => {
      if (new URL(response.url()).pathname === "/pkg/gatehouse.wasm") again.push(response);
    });
    await page2.goto(`${app.base}/sign-in`);
    await hydrated(page2);
    assert.equal(again.length, 1, "the bundle is asked for once");
    const request = again[0].request();
    assert.equal((await request.allHeaders())["if-none-match"], wasmHeaders.etag, "with the ETag it came with");
    // The server answered 304 (Chromium then shows the cached copy as 200):
    // no byte of the bundle crossed the network again.
    const { responseBodySize } = await request.sizes();
    assert.equal(responseBodySize, 0, "and not sent again");
    expectNoErrors(problems, "delivery");
    await context.close();
  });
});
