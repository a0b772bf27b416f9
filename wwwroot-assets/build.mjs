// Copies the vendor CSS the portal uses out of node_modules and bundles the portal's own stylesheet, into
// src/AdminPortal.Web/wwwroot. Run by the Web project's build (see AdminPortal.Web.csproj); nothing built is committed.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "AdminPortal.Web", "wwwroot");
mkdirSync(join(out, "lib", "bootstrap-icons", "fonts"), { recursive: true });
mkdirSync(join(out, "css"), { recursive: true });

cpSync(join(here, "node_modules/bootstrap/dist/css/bootstrap.min.css"), join(out, "lib/bootstrap.min.css"));
cpSync(join(here, "node_modules/bootstrap-icons/font/bootstrap-icons.min.css"), join(out, "lib/bootstrap-icons/bootstrap-icons.min.css"));
cpSync(join(here, "node_modules/bootstrap-icons/font/fonts"), join(out, "lib/bootstrap-icons/fonts"), { recursive: true });
writeFileSync(join(out, "css/app.css"), readFileSync(join(here, "styles/app.css")));
