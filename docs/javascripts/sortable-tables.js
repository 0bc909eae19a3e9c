// Click a column heading of a table marked .sortable to sort by it; click again to reverse.
// A cell holding an element with data-sort sorts by that value (severity by rank, not by name).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("div.sortable table").forEach((table) => {
    const body = table.tBodies[0];
    table.querySelectorAll("thead th").forEach((heading, column) => {
      heading.setAttribute("role", "button");
      heading.title = "Sort by this column";
      heading.addEventListener("click", () => {
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach((h) => h.removeAttribute("aria-sort"));
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const key = (row) => {
          const cell = row.cells[column];
          const ranked = cell.querySelector("[data-sort]");
          return ranked ? ranked.dataset.sort : cell.textContent.trim();
        };
        const rows = Array.from(body.rows).sort((a, b) =>
          key(a).localeCompare(key(b), undefined, { numeric: true }) * (ascending ? 1 : -1));
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
});
