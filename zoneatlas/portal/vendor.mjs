// Copies the front-end libraries ZoneAtlas serves from node_modules/ into zoneatlas/portal/static/vendor/,
// with their licences, so that a clone runs with no npm and no CDN. Run: npm install && npm run vendor
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const target = "zoneatlas/portal/static/vendor";
const files = {
  "htmx.org": ["dist/htmx.min.js", "LICENSE"],
  echarts: ["dist/echarts.min.js", "LICENSE", "NOTICE", "licenses/LICENSE-d3"],
  leaflet: ["dist/leaflet.js", "dist/leaflet.css", "dist/images", "LICENSE"],
};
const versions = {};
for (const [pkg, paths] of Object.entries(files)) {
  const source = join("node_modules", pkg);
  const dest = join(target, pkg);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const path of paths) {
    cpSync(join(source, path), join(dest, path.replace(/^(dist|licenses)\//, "")), { recursive: true });
  }
  versions[pkg] = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
}
writeFileSync(join(target, "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log("vendored", versions);
