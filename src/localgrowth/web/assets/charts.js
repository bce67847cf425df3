/* Progressive enhancement of the charts drawn on the server.
 *
 * Each chart is a <figure data-lg-chart> holding the server's SVG and its Vega-Lite spec in a
 * <script type="application/json">. Where scripts run, vega-embed draws the same spec again,
 * with tooltips, and replaces the server's SVG once it has drawn. Under the site's strict
 * Content Security Policy: expressions are interpreted (vega-interpreter), never compiled with
 * `new Function`, and no <style> element is injected (vega-embed's and vega-tooltip's default
 * styles are off; localgrowth.css styles the tooltip). If anything fails, the server's SVG
 * stays. Bundled by `npm run build:charts`.
 */
import vegaEmbed from "vega-embed";
import { expressionInterpreter } from "vega-interpreter";

const OPTIONS = {
  ast: true,
  expr: expressionInterpreter,
  actions: false,
  renderer: "svg",
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true, theme: "custom" },
  logLevel: 0,
};

function upgrade(figure) {
  const source = figure.querySelector("script[type='application/json']");
  const target = figure.querySelector(".lg-vega__chart");
  if (!source || !target) return Promise.resolve();
  const spec = JSON.parse(source.textContent);
  // The chart stays one image with the server's accessible name; its marks are not announced.
  const name = ["title", "desc"]
    .map((tag) => target.querySelector(tag)?.textContent.trim() || "")
    .filter(Boolean)
    .join(". ");
  const holder = document.createElement("div");
  holder.className = "lg-vega__interactive";
  holder.hidden = true;
  target.appendChild(holder);
  return vegaEmbed(holder, spec, OPTIONS)
    .then(() => {
      holder.querySelector("svg")?.setAttribute("aria-hidden", "true");
      holder.setAttribute("role", "img");
      holder.setAttribute("aria-label", name);
      for (const child of Array.from(target.children)) {
        if (child !== holder) child.remove();
      }
      holder.hidden = false;
      figure.dataset.lgChart = "interactive";
    })
    .catch(() => {
      holder.remove(); // the server's chart stays
    });
}

function upgradeAll() {
  const figures = Array.from(document.querySelectorAll("[data-lg-chart='static']"));
  return Promise.all(figures.map(upgrade));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", upgradeAll);
} else {
  upgradeAll();
}
