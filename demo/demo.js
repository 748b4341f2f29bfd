// The demo site's own script: it hears Earmark's events on the document, as a podcast site
// wiring analytics or its own player would, and lists them on the page. (Text only: the site
// runs under Trusted Types.)
const names = ["earmark:ready", "earmark:open", "earmark:close", "earmark:search", "earmark:highlight", "earmark:share"];
const log = document.getElementById("event-log");
window.earmarkEvents = [];

for (const name of names) {
  document.addEventListener(name, (event) => {
    const host = event.target instanceof Element ? event.target.dataset.episode ?? "" : "";
    window.earmarkEvents.push({ name, episode: host, detail: event.detail });
    const item = document.createElement("li");
    item.textContent = `${name} (${host}) ${JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}
