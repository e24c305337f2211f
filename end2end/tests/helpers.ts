import AxeBuilder from "@axe-core/playwright";
import { APIRequestContext, Page, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";

/** The newest code texted to `e164`, from the local outbox (`digits` long). */
export async function latestCode(
  request: APIRequestContext,
  e164: string,
  count: number,
  digits = 6,
): Promise<string> {
  const url = `${process.env.E2E_OUTBOX_URL}/_dev/sms?to=${encodeURIComponent(e164)}`;
  // The text is delivered before the page moves on, so `count` messages exist
  // by the time we ask; the poll only guards a slow CI box.
  let messages: Array<{ code: string | null; kind: string }> = [];
  await expect
    .poll(async () => {
      messages = await (await request.get(url)).json();
      return messages.length;
    })
    .toBeGreaterThanOrEqual(count);
  const code = messages[messages.length - 1].code;
  expect(code).toMatch(new RegExp(`^\\d{${digits}}$`));
  return code as string;
}

/** How many texts the outbox holds for `e164`. */
export async function texts(request: APIRequestContext, e164: string): Promise<number> {
  const url = `${process.env.E2E_OUTBOX_URL}/_dev/sms?to=${encodeURIComponent(e164)}`;
  return (await (await request.get(url)).json()).length;
}

/** The newest text to `e164`, whole, as a person would paste it. */
export async function latestText(request: APIRequestContext, e164: string): Promise<string> {
  const url = `${process.env.E2E_OUTBOX_URL}/_dev/sms?to=${encodeURIComponent(e164)}`;
  const messages: Array<{ body: string }> = await (await request.get(url)).json();
  return messages[messages.length - 1].body;
}

/**
 * Puts `value` in the code field labelled `label` and sends it: with
 * JavaScript the page sends the form by itself once the field holds a whole
 * code (issue 18, item 14); without, the person presses `button`.
 */
export async function enterCode(page: Page, label: string, value: string, js: boolean, button: string) {
  await page.getByLabel(label).fill(value);
  if (!js) await page.getByRole("button", { name: button }).click();
}

export function wrongCode(code: string): string {
  return `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
}

/**
 * With JavaScript on, wait until the page's bundle has started, on pages
 * that load one (a page with nothing to do in the browser loads no code).
 */
export async function ready(page: Page, js: boolean) {
  if (js && (await page.locator("script[type=module]").count()) > 0) {
    await page.locator("body[data-hydrated]").waitFor();
  }
}

/**
 * Whether the page loads code: a module, a script file, or wasm. (Leptos
 * writes two one-line inline scripts of empty data into every page; they
 * load nothing.)
 */
export async function loadsCode(page: Page): Promise<boolean> {
  return (await page.locator("script[type=module], script[src], link[rel=modulepreload], link[as=fetch]").count()) > 0;
}

// A failed test restarts its worker, and with it these counters: each
// worker starts its addresses and numbers elsewhere, so that the tests after
// a failure never meet the limits the failed one's worker ran into.
const worker = Number(process.env.TEST_WORKER_INDEX ?? 0);
let nextAddress = 1 + worker * 40;

/**
 * Each test as its own client address (the server trusts X-Forwarded-For in
 * this suite, as behind a proxy), so per-address limits hold per test.
 */
export async function ownAddress(page: Page): Promise<string> {
  const n = nextAddress++;
  // The last hop is the client the server counts: each test in a /24 of
  // its own, since a /24 counts as one site.
  const forwarded = `198.51.100.${n % 250}, 100.64.${n % 250}.1`;
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": forwarded });
  return forwarded;
}

/** A fresh US number per test: per-number limits then never cross tests. */
let nextNumber = 200 + worker * 500;
export function freshNumber(): { national: string; e164: string } {
  const n = String(nextNumber++).padStart(4, "0");
  return { national: `(415) 555-${n}`, e164: `+1415555${n}` };
}

/**
 * A test number (NANP 555-01XX, which the server's default TEST_NUMBERS
 * makes sign up and in with 424242, never texted), fresh per test.
 */
let nextTestNumber = 100 + ((worker * 20) % 100);
export function freshTestNumber(): { national: string; e164: string } {
  const n = String(nextTestNumber++).padStart(4, "0");
  return { national: `(415) 555-${n}`, e164: `+1415555${n}` };
}

/** The fixed code of the default test numbers. */
export const TEST_CODE = "424242";

/**
 * Asks for a sign-in code for a fresh number from `/login` and lands on the
 * code page; returns the number.
 */
export async function startSignIn(page: Page, js: boolean): Promise<{ national: string; e164: string }> {
  const number = freshNumber();
  await page.goto("/login");
  await ready(page, js);
  await page.getByLabel("Phone number").fill(number.national);
  await page.getByRole("button", { name: "Text me a code" }).click();
  await expect(page).toHaveURL(/\/login\/verify$/);
  return number;
}

/**
 * axe-core over the whole page: no violations of any rule it runs. axe is
 * JavaScript, so a page loaded with JavaScript off is checked as the same
 * HTML served into a scripting page (the app's own scripts kept out).
 */
export async function expectAccessible(page: Page, what: string, js = true) {
  let target = page;
  let scratch: Page | undefined;
  if (!js) {
    const html = await page.content();
    const url = page.url();
    const browser = page.context().browser();
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ javaScriptEnabled: true });
    scratch = await context.newPage();
    await scratch.route("**/pkg/**", (r) => r.abort());
    await scratch.route(url, (r) => r.fulfill({ body: html, contentType: "text/html; charset=utf-8" }));
    await scratch.goto(url);
    target = scratch;
  }
  const results = await new AxeBuilder({ page: target }).analyze();
  if (scratch) await scratch.context().close();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  expect(summary, `axe violations on ${what}`).toEqual([]);
}

/**
 * Saves a screenshot of the page: into docs/screenshots when SCREENSHOTS=docs
 * (what the README shows), else next to the other test results.
 */
export async function snap(page: Page, name: string) {
  const dir = process.env.SCREENSHOTS === "docs" ? "../docs/screenshots" : "test-results/screenshots";
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * The account page's phone: written for people (`+1 415-555-0102`), with
 * the E.164 form as the element's machine-readable value. Test numbers are
 * all +1.
 */
export async function expectPhone(page: Page, e164: string) {
  const shown = `+1 ${e164.slice(2, 5)}-${e164.slice(5, 8)}-${e164.slice(8)}`;
  await expect(page.getByTestId("phone")).toHaveText(shown);
  await expect(page.getByTestId("phone").locator("data")).toHaveAttribute("value", e164);
}

/**
 * On a sign-up page: the number (US) typed and sent; waits on the code page.
 */
export async function sendSignUp(page: Page, js: boolean, national: string) {
  await ready(page, js);
  await page.getByLabel("Country").selectOption("US");
  await page.getByLabel("Phone number").fill(national);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page).toHaveURL(/\/signup\/confirm$/);
  await ready(page, js);
}

/**
 * On a sign-in page: the number (US) typed and a code asked for; waits on
 * the code page.
 */
export async function askForSignInCode(page: Page, js: boolean, national: string) {
  await ready(page, js);
  await page.getByLabel("Country").selectOption("US");
  await page.getByLabel("Phone number").fill(national);
  await page.getByRole("button", { name: "Text me a code" }).click();
  await expect(page).toHaveURL(/\/login\/verify$/);
  await ready(page, js);
}

/**
 * Signs a test number (a fresh one unless given) up and in with its fixed
 * code, nothing texted, and lands on the account page; returns the number.
 */
export async function signedInWithTestNumber(
  page: Page,
  js: boolean,
  number = freshTestNumber(),
): Promise<{ national: string; e164: string }> {
  await page.goto("/signup");
  await sendSignUp(page, js, number.national);
  await enterCode(page, "6-digit code", TEST_CODE, js, "Confirm");
  await expect(page).toHaveURL(/\/account$/);
  await ready(page, js);
  return number;
}
