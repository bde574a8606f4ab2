// gen-outlines.js derives ddpm/states/states_outlines.json, the outlines of the five
// STATES, from the US Census Bureau's cartographic boundary files as packaged
// by the npm module us-atlas (states-10m.json, TopoJSON, ISC licence).
//
// Re-run (needs Node.js >= 18 and npm; network access to the npm registry):
//
//	cd scripts/gen-outlines
//	npm ci          # or: npm install   (installs into ./node_modules, gitignored)
//	npm run gen     # writes ../../ddpm/states/states_outlines.json
//
// or `node gen-outlines.js OUT.json` to write elsewhere.
//
// For each state it keeps the outer ring of its largest polygon (Michigan: of
// its two largest, the Lower and the Upper Peninsula), dropping islands. It
// projects each state on its own with an equirectangular projection centred
// on the state (x = lon * cos(lat0), y = lat, lat0 = middle latitude of the
// state), then centres the state's bounding box on the origin and scales it so
// that its larger side is 1. Placing and sizing the states on the ring is done
// in Go (ddpm/states/layout.go). Coordinates are rounded to 4 decimals.
"use strict";

const fs = require("fs");
const topojson = require("topojson-client");
const us = require("us-atlas/states-10m.json");
const atlasVersion = require("us-atlas/package.json").version;

// Label order of the course: 0 Michigan, 1 Idaho, 2 Ohio, 3 Oklahoma, 4 Wisconsin.
// keep is how many polygons (largest first) each state keeps.
const STATES = [
  { name: "Michigan", keep: 2 },
  { name: "Idaho", keep: 1 },
  { name: "Ohio", keep: 1 },
  { name: "Oklahoma", keep: 1 },
  { name: "Wisconsin", keep: 1 },
];

// ringArea is the absolute planar area of a ring in degrees² scaled by
// cos(lat0), enough to rank the polygons of one state.
function ringArea(ring, k) {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    a += ring[i][0] * k * ring[i + 1][1] - ring[i + 1][0] * k * ring[i][1];
  }
  return Math.abs(a / 2);
}

function outline(feature, keep) {
  const g = feature.geometry;
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const rings = polys.map((p) => p[0]); // outer rings only
  let lo = Infinity, hi = -Infinity;
  for (const r of rings) for (const [, lat] of r) { lo = Math.min(lo, lat); hi = Math.max(hi, lat); }
  const k0 = Math.cos(((lo + hi) / 2) * Math.PI / 180);
  rings.sort((a, b) => ringArea(b, k0) - ringArea(a, k0));
  const kept = rings.slice(0, keep);
  // Recompute the projection centre on the kept rings only.
  let minLat = Infinity, maxLat = -Infinity;
  for (const r of kept) for (const [, lat] of r) { minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat); }
  const k = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const proj = kept.map((r) => r.map(([lon, lat]) => [lon * k, lat]));
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const r of proj) for (const [x, y] of r) {
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, s = Math.max(x1 - x0, y1 - y0);
  const round = (v) => Math.round(v * 1e4) / 1e4;
  return proj.map((r) => r.map(([x, y]) => [round((x - cx) / s), round((y - cy) / s)]));
}

function main() {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: node gen-outlines.js OUT.json");
    process.exit(2);
  }
  const features = topojson.feature(us, us.objects.states).features;
  const states = STATES.map(({ name, keep }, label) => {
    const f = features.find((f) => f.properties.name === name);
    if (!f) throw new Error(`us-atlas ${atlasVersion}: state ${name} not found`);
    return { label, name, rings: outline(f, keep) };
  });
  const doc = {
    source: `US Census Bureau cartographic boundaries via npm us-atlas@${atlasVersion} states-10m.json (ISC)`,
    generator: "scripts/gen-outlines/gen-outlines.js",
    projection: "per state: x = lon*cos(lat0), y = lat; bounding box centred on 0, larger side 1",
    states,
  };
  // One ring per line keeps the file small and diffable.
  const lines = ["{"];
  lines.push(`  "source": ${JSON.stringify(doc.source)},`);
  lines.push(`  "generator": ${JSON.stringify(doc.generator)},`);
  lines.push(`  "projection": ${JSON.stringify(doc.projection)},`);
  lines.push(`  "states": [`);
  states.forEach((s, i) => {
    lines.push(`    {"label": ${s.label}, "name": ${JSON.stringify(s.name)}, "rings": [`);
    s.rings.forEach((r, j) => lines.push(`      ${JSON.stringify(r)}${j + 1 < s.rings.length ? "," : ""}`));
    lines.push(`    ]}${i + 1 < states.length ? "," : ""}`);
  });
  lines.push("  ]", "}", "");
  fs.writeFileSync(out, lines.join("\n"));
  for (const s of states) {
    console.log(`${s.label} ${s.name}: ${s.rings.length} ring(s), ${s.rings.map((r) => r.length).join("+")} points`);
  }
}

main();
