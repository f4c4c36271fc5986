// Browser test of the demo search page: Debian's headless Chromium driven by playwright-core.
// Starts `condsearch serve` on a free loopback port, then checks what a person would do:
// suggestions while typing, a misspelled search with Enter, keyboard navigation, the crisis
// banner, "no matching condition", and the page on a phone-sized screen. Saves screenshots to
// tests/browser/screenshots/.
//
// Run: node tests/browser/demo.test.mjs [path/to/condsearch]   (scripts/test does it for you)

import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.argv[2] || join(root, "target/debug/condsearch");
const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

function startServer() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(binary, ["serve", "--addr", "127.0.0.1:0", "--log", "info"], {
      env: { ...process.env, NO_COLOR: "1", CONDSEARCH_ADMIN_TOKEN: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => reject(new Error("condsearch did not start within 30 s")), 30_000);
    let log = "";
    const onData = (chunk) => {
      log += chunk.toString();
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`condsearch exited (${code}) before listening:\n${log}`)));
  });
}

const { child, url } = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

let failed = false;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failed = true;
    console.log(`not ok - ${name}\n  ${e.stack || e}`);
  }
}

try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  await page.goto(url + "/");
  const box = page.getByRole("combobox", { name: "Search conditions we treat" });

  await check("typing 'fibromyal' suggests Fibromyalgia", async () => {
    await box.click();
    await box.pressSequentially("fibromyal", { delay: 30 });
    const option = page.getByRole("option").first();
    await option.waitFor({ timeout: 5000 });
    assert.match(await option.textContent(), /^Fibromyalgia/);
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    await page.screenshot({ path: join(shots, "suggestions.png") });
  });

  await check("arrow keys move through suggestions and Escape closes them", async () => {
    await box.press("ArrowDown");
    const activeId = await box.getAttribute("aria-activedescendant");
    assert.ok(activeId, "an option is active");
    assert.equal(await page.locator("#" + activeId).getAttribute("aria-selected"), "true");
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
  });

  await check("'fibromyalga' + Enter shows Fibromyalgia first", async () => {
    await box.fill("");
    await box.pressSequentially("fibromyalga", { delay: 20 });
    await box.press("Enter");
    const first = page.locator("#results li h3 a").first();
    await first.waitFor({ timeout: 5000 });
    assert.equal(await first.textContent(), "Fibromyalgia");
    assert.match(await page.locator("#did-you-mean").textContent(), /fibromyalgia/);
    assert.equal(await box.getAttribute("aria-expanded"), "false", "suggestions closed after searching");
    assert.ok(await page.locator("#results li p mark").count() > 0, "snippet has marked words");
    await page.screenshot({ path: join(shots, "results.png") });
  });

  await check("'i want to die' shows the crisis banner above results", async () => {
    await box.fill("i want to die");
    await box.press("Enter");
    const banner = page.locator("#crisis");
    await banner.waitFor({ state: "visible", timeout: 5000 });
    assert.match(await banner.textContent(), /988/);
    const bannerBox = await banner.boundingBox();
    const resultsBox = await page.locator("#results").boundingBox();
    assert.ok(bannerBox.y < resultsBox.y, "banner is above the results");
    await page.screenshot({ path: join(shots, "crisis.png") });
  });

  await check("an uncovered query says so and links to all conditions", async () => {
    await box.fill("broken arm");
    await box.press("Enter");
    await page.locator(".no-match").waitFor({ timeout: 5000 });
    assert.equal(await page.locator("#crisis").isVisible(), false);
    await page.getByRole("link", { name: "See all conditions we treat" }).click();
    await page.locator("#all-list li").first().waitFor({ timeout: 5000 });
    assert.equal(await page.locator("#all-list li").count(), 25);
  });

  await check("usable on a phone-sized screen", async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true });
    await phone.goto(url + "/");
    const phoneBox = phone.getByRole("combobox");
    await phoneBox.fill("trigem");
    await phone.getByRole("option").first().waitFor({ timeout: 5000 });
    const inputBox = await phoneBox.boundingBox();
    assert.ok(inputBox.width <= 375 && inputBox.width > 250, `input fits the screen (${inputBox.width}px)`);
    const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 375, `no horizontal scroll (${scrollWidth}px)`);
    await phone.screenshot({ path: join(shots, "phone.png") });
  });
} finally {
  await browser.close();
  child.kill("SIGTERM");
}

if (failed) {
  console.log("browser test failed");
  process.exit(1);
}
console.log(`browser test passed; screenshots in ${shots}`);
