// Copies the fonts the portal serves itself (MudBlazor's Roboto; no font CDN is reachable, and the CSP allows only
// our own origin) out of node_modules, and the portal's own stylesheet and script, into src/AdminPortal.Web/wwwroot.
// Run by the Web project's build (see AdminPortal.Web.csproj); nothing built is committed.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "AdminPortal.Web", "wwwroot");
mkdirSync(join(out, "lib", "roboto"), { recursive: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

// Latin only, the weights MudBlazor's typography uses.
const weights = [300, 400, 500, 700];
const faces = weights.map(w => {
  const file = `roboto-latin-${w}-normal.woff2`;
  cpSync(join(here, "node_modules/@fontsource/roboto/files", file), join(out, "lib/roboto", file));
  return `@font-face{font-family:"Roboto";font-style:normal;font-display:swap;font-weight:${w};src:url("${file}") format("woff2")}`;
});
writeFileSync(join(out, "lib/roboto/roboto.css"), faces.join("\n") + "\n");
writeFileSync(join(out, "css/app.css"), readFileSync(join(here, "styles/app.css")));
// A script that does not parse would silently take every helper with it (copy, downloads, the reconnect handler):
// parsing it here fails the build instead, naming the error.
const script = readFileSync(join(here, "scripts/app.js"), "utf8");
new Function(script);
writeFileSync(join(out, "js/app.js"), script);
