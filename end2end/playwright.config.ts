import { defineConfig, devices } from "@playwright/test";

// The test command (scripts/test.sh) picks a free port and builds the server.
const port = Number(process.env.E2E_PORT ?? 3107);
// The embedded stand-in's own port: its outbox is never on the app's.
const outboxPort = Number(process.env.E2E_OUTBOX_PORT ?? 3108);
process.env.E2E_OUTBOX_URL = `http://127.0.0.1:${outboxPort}`;
const baseURL = `http://127.0.0.1:${port}`;
const server = process.env.SERVER_BIN ?? "../target/debug/server";

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's chromium: nothing is downloaded.
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: server,
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    stdout: "pipe",
    timeout: 60_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LOCAL_COGNITO_PORT: String(outboxPort),
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_ENV: "PROD",
      // The production build with the embedded pool, on loopback: allowed
      // only with this explicit opt-in.
      EMBEDDED_COGNITO_IN_PROD: "true",
      // The worked example's own table (app/src/yours), fresh each run.
      APP_DATABASE: `sqlite:///tmp/phone-sign-in-e2e-app-${port}.db`,
      // A fresh session store each run.
      SESSION_STORE: `sqlite://${process.env.E2E_SESSION_DB ?? `/tmp/phone-sign-in-e2e-${port}.db`}`,
      RUST_LOG: "warn",
      // Tests give themselves distinct client addresses through it.
      CLIENT_IP_HEADER: "x-forwarded-for",
      TRUSTED_PROXIES: "127.0.0.1",
      // Every test number is in one fictional range (+1 415 555 0xxx) of
      // one country: their budgets must not be what a test runs into.
      SMS_RANGE_BUDGET_HOURLY: "1000",
      SMS_RANGE_BUDGET_DAILY: "1000",
      SMS_COUNTRY_BUDGET_HOURLY: "1000",
      SMS_COUNTRY_BUDGET_DAILY: "1000",
      // The proof step's wait without JavaScript, which a test sits through.
      PROOF_WAIT_SECONDS: "2",
      // Light puzzles: the test is that the page solves and sends by itself.
      // At the default 20 bits the work is random (one run in a hundred
      // takes 4.6 times the mean), and on a loaded 2-core CI machine its
      // tail outlasted the test's wait.
      PROOF_BITS: "14",
    },
  },
});
