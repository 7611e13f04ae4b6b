// Torrent and client list and ban management: mode switch (not for bans, which always apply),
// add/remove one or many (bulk paste), remove one.
"use strict";
Karuta.frame("lists.html");

function setUp(section) {
  const kind = section.dataset.kind, field = section.dataset.field;
  const q = (sel) => section.querySelector(sel);
  const statusNode = q(".status");

  async function load() {
    const list = await Karuta.api("GET", kind);
    if (q(".mode")) q(".mode").value = list.mode;
    q(".count").textContent = Karuta.fmt(list.count) + (kind === "bans" ? " banned" : " listed");
    q(".entries").replaceChildren(...list.entries.map((entry) => {
      const button = Karuta.el("button", { type: "button", text: kind === "bans" ? "lift" : "remove" });
      button.addEventListener("click", () => change("DELETE", [entry]));
      return Karuta.el("tr", {}, Karuta.el("td", { class: "mono", text: entry }), Karuta.el("td", {}, button));
    }));
  }

  async function change(method, entries) {
    try {
      const r = await Karuta.api(method, kind, { [field]: entries });
      const verb = kind === "bans" ? (method === "POST" ? "banned " : "lifted ") : (method === "POST" ? "added " : "removed ");
      Karuta.status(statusNode, verb + r.changed + "; " + r.count + (kind === "bans" ? " banned" : " listed"), true);
      if (method === "POST") q(".paste").value = "";
      await load();
    } catch (e) {
      Karuta.status(statusNode, e.message, false);
    }
  }

  function pasted() {
    return q(".paste").value.split(/[\s,;]+/).map((s) => s.trim()).filter((s) => s.length > 0);
  }

  q(".add").addEventListener("click", () => change("POST", pasted()));
  q(".remove").addEventListener("click", () => change("DELETE", pasted()));
  if (q(".mode")) q(".mode").addEventListener("change", async () => {
    try {
      const r = await Karuta.api("PUT", kind + "/mode", { mode: q(".mode").value });
      Karuta.status(statusNode, "mode is now " + r.mode, true);
    } catch (e) {
      Karuta.status(statusNode, e.message, false);
      await load();
    }
  });
  load().catch((e) => Karuta.status(statusNode, e.message, false));
}

setUp(document.getElementById("torrents"));
setUp(document.getElementById("clients"));
setUp(document.getElementById("bans"));
