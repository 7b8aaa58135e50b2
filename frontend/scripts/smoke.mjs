// Browser smoke test of the built UI against a RUNNING Journeys app (not part of `npm test`).
//   BASE=http://127.0.0.1:5000 EMAIL=admin@example.com PASSWORD=... node frontend/scripts/smoke.mjs
// Drives Debian's /usr/bin/chromium through playwright-core: health badge, login, create a
// journey, add steps from the palette, connect them, save with Ctrl+S, visit every page.
// Screenshots go to test-artifacts/smoke/. Exits 1 on a failed check or a console error.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const BASE = process.env.BASE || "http://127.0.0.1:5000";
const OUT = "test-artifacts/smoke";
mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const problems = [];
page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("dialog", (d) => d.accept()); // the editor asks before leaving with unsaved changes

function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) problems.push(what);
}

async function drag(from, to) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 1, a.y + a.height / 2 + 1); // React Flow skips the first move
  for (let i = 1; i <= 10; i += 1) {
    await page.mouse.move(a.x + ((b.x + b.width / 2 - a.x) * i) / 10, a.y + ((b.y + b.height / 2 - a.y) * i) / 10);
  }
  await page.mouse.up();
}

try {
  await page.goto(`${BASE}/`);
  await page.getByTestId("health-status").filter({ hasText: /Healthy|Degraded/ }).waitFor({ timeout: 10000 });
  check((await page.getByTestId("health-status").textContent()) === "Healthy", "health badge reads Healthy");
  if (await page.getByLabel("Password").count()) {
    await page.getByLabel("Email").fill(process.env.EMAIL || "admin@example.com");
    await page.getByLabel("Password").fill(process.env.PASSWORD || "");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await page.getByRole("heading", { name: "Journeys" }).waitFor();
  await page.screenshot({ path: `${OUT}/1-journeys.png` });
  await page.getByRole("button", { name: "New journey" }).click();
  await page.getByLabel("Name").fill(`Smoke ${Date.now()}`);
  await page.getByRole("button", { name: "Create and open" }).click();
  await page.locator(".react-flow__node").first().waitFor();
  await page.locator('[data-kind="send_email"]').click();
  await page.locator('[data-kind="end"]').click();
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await page.waitForTimeout(500);
  await drag(page.locator('[data-testid="node-entry"] .react-flow__handle.source'), page.locator('[data-testid="node-send_email_1"] .react-flow__handle.target'));
  await drag(page.locator('[data-testid="node-send_email_1"] .react-flow__handle.source'), page.locator('[data-testid="node-end_1"] .react-flow__handle.target'));
  check((await page.locator(".react-flow__edge").count()) === 2, "two edges drawn");
  await page.keyboard.press("Control+s");
  await page.getByTestId("save-state").filter({ hasText: "All changes saved" }).waitFor({ timeout: 5000 });
  check(true, "saved with Ctrl+S");
  await page.getByRole("tab", { name: /Problems/ }).click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${OUT}/2-editor.png` });
  for (const path of ["/accounts", "/tasks", "/outbox"]) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.screenshot({ path: `${OUT}/3${path.replace("/", "-")}.png` });
  }
} catch (e) {
  problems.push(`step failed: ${e.message.split("\n")[0]}`);
}
await browser.close();
console.log(problems.length ? `problems:\n${problems.join("\n")}` : "no problems");
process.exit(problems.length ? 1 : 0);
