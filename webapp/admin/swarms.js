// The swarm browser: largest swarms first, paged, searchable by hex prefix; a click shows the peers.
"use strict";
Karuta.frame("swarms.html");

const $ = (id) => document.getElementById(id);
const LIMIT = 50;
let offset = 0;
let total = 0;

async function load() {
  const q = $("q").value.trim();
  try {
    const page = await Karuta.api("GET", "swarms?offset=" + offset + "&limit=" + LIMIT + "&q=" + encodeURIComponent(q));
    total = page.total;
    const rows = page.swarms.map((s) => {
      const link = Karuta.el("a", { class: "hash", href: "#" + s.infoHash, text: s.infoHash });
      link.addEventListener("click", (e) => { e.preventDefault(); show(s.infoHash); });
      return Karuta.el("tr", {}, Karuta.el("td", { class: "hash" }, link),
        Karuta.el("td", { text: Karuta.fmt(s.peers) }), Karuta.el("td", { text: Karuta.fmt(s.seeders) }),
        Karuta.el("td", { text: Karuta.fmt(s.leechers) }), Karuta.el("td", { text: Karuta.fmt(s.partialSeeds) }),
        Karuta.el("td", { text: Karuta.fmt(s.downloaded) }));
    });
    $("swarms").replaceChildren(...rows);
    $("total").textContent = Karuta.fmt(total) + (q ? " matching" : "") + " swarms";
    $("pageInfo").textContent = total === 0 ? "" : (offset + 1) + "–" + Math.min(offset + LIMIT, total);
    $("prev").disabled = offset === 0;
    $("next").disabled = offset + LIMIT >= total;
    $("status").textContent = "";
    if (q.length === 40) show(q.toLowerCase());
  } catch (e) {
    Karuta.status($("status"), e.message, false);
  }
}

async function show(hash) {
  try {
    const d = await Karuta.api("GET", "swarms/" + hash);
    $("detail").hidden = false;
    $("detailHash").textContent = d.swarm.infoHash;
    $("detailCounts").textContent = Karuta.fmt(d.swarm.seeders) + " seeders, " + Karuta.fmt(d.swarm.leechers)
      + " leechers, " + Karuta.fmt(d.swarm.partialSeeds) + " partial seeds, downloaded " + Karuta.fmt(d.swarm.downloaded)
      + (d.peersTruncated ? " (most recent " + d.peers.length + " peers shown)" : "")
      + "; WebTorrent (WebSocket): " + Karuta.fmt(d.webSocket.seeders) + " seeders, "
      + Karuta.fmt(d.webSocket.leechers) + " leechers";
    $("peers").replaceChildren(...d.peers.map((p) => Karuta.el("tr", {},
      Karuta.el("td", { class: "mono", text: p.client }), Karuta.el("td", { class: "mono", text: p.peerId }),
      Karuta.el("td", { class: "mono", text: p.ipv4 || "" }), Karuta.el("td", { class: "mono", text: p.ipv6 || "" }),
      Karuta.el("td", { text: p.state.replace("_", " ") }), Karuta.el("td", { text: p.lastSeenSeconds + " s ago" }))));
  } catch (e) {
    $("detail").hidden = true;
    Karuta.status($("status"), e.message, false);
  }
}

$("search").addEventListener("submit", (e) => { e.preventDefault(); offset = 0; load(); });
$("prev").addEventListener("click", () => { offset = Math.max(0, offset - LIMIT); load(); });
$("next").addEventListener("click", () => { offset += LIMIT; load(); });
if (location.hash.length === 41) {
  $("q").value = location.hash.substring(1);
}
load();
