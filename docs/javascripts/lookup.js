// The home page's look-up box (made by docs/hooks/generated_pages.py: lookup_box). A code, a
// name or a catalogued text goes to its page; a pasted response is searched for the codes and
// texts it holds: one entry goes to its page, several are listed (the box never chooses between
// them: `sms-diagnose parse -` reads a response exactly), none opens the site's search.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-lookup]");
  if (!form) return;
  const table = JSON.parse(form.querySelector(".sd-lookup-table").textContent);
  const input = form.querySelector("textarea");
  const result = form.querySelector(".sd-lookup-result");
  const root = new URL(".", document.baseURI);

  // As diagnose.catalog.text.normalise_message folds a text (width, case, dashes, quotes, spaces).
  const fold = (text) =>
    text
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\u2010-\u2015\u2212]/g, "-")
      .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201f\u2033]/g, '"')
      .replace(/\s+/g, " ")
      .trim()
      .replace(/[.! ]+$/, "");

  const values = (text) => {
    const found = [];
    const walk = (value) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") Object.values(value).forEach(walk);
      else if (value !== null && value !== undefined) found.push(String(value));
    };
    try {
      walk(JSON.parse(text));
      return found;
    } catch (error) {
      /* not JSON */
    }
    if (text.trim().startsWith("<")) {
      const xml = new DOMParser().parseFromString(text, "application/xml");
      if (!xml.querySelector("parsererror")) {
        xml.querySelectorAll("*").forEach((node) => {
          if (node.children.length === 0 && node.textContent.trim()) found.push(node.textContent);
        });
        return found;
      }
    }
    return text.split(/[\r\n]+|(?:^|\s)code\s*:\s*|[:,;]\s+/i).filter((part) => part.trim());
  };

  const show = (entries, note) => {
    result.replaceChildren();
    const paragraph = document.createElement("p");
    paragraph.textContent = note;
    result.append(paragraph);
    const list = document.createElement("ul");
    for (const [path, label] of entries) {
      const item = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = new URL(path, root).href;
      anchor.textContent = label;
      item.append(anchor);
      list.append(item);
    }
    result.append(list);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    let entries = table[fold(text)] || [];
    if (entries.length === 0) {
      const seen = new Map();
      for (const part of values(text)) for (const entry of table[fold(part)] || []) seen.set(entry[0], entry);
      entries = [...seen.values()];
    }
    if (entries.length === 1) {
      window.location.href = new URL(entries[0][0], root).href;
    } else if (entries.length > 1) {
      show(entries, "It names more than one entry of the catalog (to read a whole response exactly, give it to sms-diagnose parse - or diagnose()):");
    } else {
      result.replaceChildren();
      const paragraph = document.createElement("p");
      const anchor = document.createElement("a");
      anchor.href = new URL("?q=" + encodeURIComponent(text.slice(0, 200)), window.location.href).href;
      anchor.textContent = "search the site for it";
      paragraph.append("No code, name or catalogued text found in it; ", anchor, ".");
      result.append(paragraph);
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
});
