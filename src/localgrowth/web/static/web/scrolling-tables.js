// A table wider than the page scrolls sideways inside its container (.lg-table-scroll), so the
// page itself never does (WCAG 2.2 reflow). While a container scrolls, it is a labelled region
// that the keyboard can reach and scroll with the arrow keys; while it fits, it is neither, so
// wide screens get no extra tab stops. Containers that label themselves are left as they are.
const containers = [...document.querySelectorAll(".lg-table-scroll:not([aria-labelledby])")];

function label(container) {
  const caption = container.querySelector("caption");
  const name = caption ? caption.textContent.trim().replace(/\s+/g, " ") : "Table";
  return `${name} (scrolls sideways)`;
}

function update() {
  for (const container of containers) {
    if (container.scrollWidth > container.clientWidth + 1) {
      container.setAttribute("tabindex", "0");
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", label(container));
    } else {
      container.removeAttribute("tabindex");
      container.removeAttribute("role");
      container.removeAttribute("aria-label");
    }
  }
}

update();
const observer = new ResizeObserver(update);
for (const container of containers) {
  observer.observe(container);
  if (container.firstElementChild) observer.observe(container.firstElementChild);
}
