import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// The ministack stage (scripts/ministack.sh): the server pointed at the
// stack infra/deploy.sh made inside ministack, whose settings arrive here.
const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/ministack.sh`);
  return value;
};
const port = Number(need("E2E_PORT"));
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  ...base,
  testDir: "./ministack",
  use: { ...base.use, baseURL },
  webServer: {
    command: process.env.SERVER_BIN ?? "../target/debug/server",
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    stdout: "pipe",
    timeout: 60_000,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      COGNITO_REGION: "us-east-1",
      COGNITO_ENDPOINT: need("MINISTACK_ENDPOINT"),
      COGNITO_USER_POOL_ID: need("MINISTACK_USER_POOL_ID"),
      COGNITO_CLIENT_ID: need("MINISTACK_CLIENT_ID"),
      COGNITO_CLIENT_SECRET: need("MINISTACK_CLIENT_SECRET"),
      APP_DOMAIN: "localhost",
      // Plain HTTP on loopback: a Secure cookie would never come back.
      COOKIE_SECURE: "false",
      SESSION_STORE: `sqlite://${need("E2E_SESSION_DB")}`,
      RUST_LOG: "info,aws_smithy_runtime=warn",
    },
  },
});
