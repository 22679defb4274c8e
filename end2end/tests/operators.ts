import { execFileSync } from "node:child_process";

/** Names `email` an operator with the server's own command line, on the server's database. */
export function grantOperator(email: string) {
  const bin = process.env.BAAS_E2E_BIN;
  if (!bin) throw new Error("BAAS_E2E_BIN is not set: run the browser tests with scripts/test.sh");
  execFileSync(bin, ["operator", "grant", email], {
    env: {
      DATABASE_URL: process.env.BAAS_E2E_DATABASE_URL ?? "",
      BAAS_DATA_DIR: process.env.BAAS_E2E_DATA_DIR ?? "",
    },
  });
}
