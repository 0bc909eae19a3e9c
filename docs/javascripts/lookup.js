// The home page's look-up box (its table made by docs/hooks/generated_pages.py: lookup_box). A
// code, a name or a catalogued text goes to its page. A pasted response is not read here (only
// diagnose() reads one: `sms-diagnose parse -`): the entries whose texts it holds are listed,
// never chosen, and numbers in it are not looked up (a credit of 1 is not delivery status 1).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-lookup]");
  if (!form) return;
  const data = JSON.parse(form.querySelector(".sd-lookup-table").textContent);
  const entries = new Map(Object.entries(data.entries));
  const characters = new Map(Object.entries(data.characters));
  const input = form.querySelector("textarea");
  const result = form.querySelector(".sd-lookup-result");
  const root = new URL(".", document.baseURI);

  // As diagnose.catalog.text.normalise_message folds a text, with the characters it maps.
  const trailing = new RegExp("[" + data.trailing.replace(/[\]\\^-]/g, "\\$&") + "]+$");
  const fold = (text) =>
    Array.from(text.normalize("NFKC"), (c) => characters.get(c) ?? c)
      .join("")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim()
      .replace(trailing, "");
  const found = (text) => entries.get(fold(text)) ?? [];

  const texts = (body) => {
    const held = [];
    const walk = (value) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") Object.values(value).forEach(walk);
      else if (typeof value === "string") held.push(value);
    };
    try {
      walk(JSON.parse(body));
      return held;
    } catch (error) {
      /* not JSON */
    }
    const xml = new DOMParser().parseFromString(body, "application/xml");
    if (!xml.querySelector("parsererror")) {
      xml.querySelectorAll("*").forEach((node) => {
        if (node.children.length === 0) held.push(node.textContent);
      });
    }
    return held;
  };

  const say = (...pieces) => {
    const paragraph = document.createElement("p");
    paragraph.append(...pieces);
    result.append(paragraph);
  };
  const link = (href, text) => {
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  };
  const parseHint = () => {
    const code = document.createElement("code");
    code.textContent = "sms-diagnose parse -";
    return code;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) return;
    result.replaceChildren();
    const exact = found(text);
    if (exact.length === 1) {
      window.location.href = new URL(exact[0][0], root).href;
      return;
    }
    const listed = new Map(exact.map((entry) => [entry[0], entry]));
    if (exact.length === 0) {
      for (const held of texts(text)) {
        if (!/^\s*[\d.]*\s*$/.test(held)) for (const entry of found(held)) listed.set(entry[0], entry);
      }
    }
    const query = Array.from(text).slice(0, 200).join("");
    const search = link(new URL("?q=" + encodeURIComponent(query), window.location.href).href, "search the site");
    if (listed.size > 0) {
      if (exact.length > 1) say("It names more than one entry:");
      else say("It holds the texts of these entries; to know what the response means, give it to ", parseHint(), ":");
      const list = document.createElement("ul");
      for (const [path, label] of listed.values()) {
        const item = document.createElement("li");
        item.append(link(new URL(path, root).href, label));
        list.append(item);
      }
      result.append(list);
    } else {
      say("No code, name or catalogued text found in it. To read a whole response, give it to ", parseHint(), "; or ", search, ".");
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
});
