// The dashboard: totals every 2 seconds, the last hour's chart every 10.
"use strict";
Karuta.frame("index.html");

const $ = (id) => document.getElementById(id);

function duration(seconds) {
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60);
  return (d ? d + "d " : "") + (d || h ? h + "h " : "") + m + "m";
}

async function refreshStats() {
  try {
    const s = await Karuta.api("GET", "stats");
    for (const k of ["torrents", "peers", "seeders", "leechers", "partialSeeds", "announces"]) {
      $(k).textContent = Karuta.fmt(s[k]);
    }
    $("families").textContent = Karuta.fmt(s.peersIpv4) + " / " + Karuta.fmt(s.peersIpv6);
    // WebRTC peers of the WebSocket tracker: their own swarms, not in the counts above.
    $("webSockets").textContent = Karuta.fmt(s.webSocketPeers) + " / " + Karuta.fmt(s.webSocketTorrents);
    $("webSockets").title = Karuta.fmt(s.webSocketConnections) + " WebSocket connections, "
        + Karuta.fmt(s.webSocketSeeders) + " seeders";
    $("rate").textContent = s.announcesPerSecond.toFixed(1);
    $("uptime").textContent = duration(s.uptimeSeconds);
    $("torrentList").textContent = s.torrentListMode + " (" + Karuta.fmt(s.torrentListSize) + ")";
    $("clientList").textContent = s.clientListMode + " (" + Karuta.fmt(s.clientListSize) + ")";
    $("status").textContent = "";
  } catch (e) {
    Karuta.status($("status"), "cannot read stats: " + e.message, false);
  }
}

function polyline(points, cls) {
  const p = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  p.setAttribute("class", cls);
  p.setAttribute("points", points.map(([x, y]) => x.toFixed(1) + "," + y.toFixed(1)).join(" "));
  return p;
}

function svg(tag, attrs, text) {
  const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
}

async function refreshChart() {
  try {
    const h = await Karuta.api("GET", "history");
    const chart = $("chart");
    chart.replaceChildren();
    const W = 1000, H = 240, top = 12, bottom = 222;
    for (let i = 0; i <= 4; i++) {
      const y = top + (bottom - top) * i / 4;
      chart.append(svg("line", { class: "grid", x1: 0, x2: W, y1: y, y2: y }));
    }
    const samples = h.samples;
    $("sampleInfo").textContent = samples.length + (samples.length === 1 ? " sample" : " samples") + ", one per " + h.periodSeconds + " s";
    if (samples.length === 0) return;
    // The last hour, or less while the node has not run that long: the chart spans what it has.
    const end = samples[samples.length - 1].time;
    const start = Math.max(end - 3600 * 1000, samples[0].time - h.periodSeconds * 1000);
    const span = end - start;
    const maxRate = Math.max(1, ...samples.map((s) => s.announcesPerSecond));
    const maxPeers = Math.max(1, ...samples.map((s) => s.peers));
    const x = (t) => (t - start) / span * W;
    const yOf = (v, max) => bottom - (bottom - top) * v / max;
    chart.append(polyline(samples.map((s) => [x(s.time), yOf(s.announcesPerSecond, maxRate)]), "rate"));
    chart.append(polyline(samples.map((s) => [x(s.time), yOf(s.peers, maxPeers)]), "peers"));
    chart.append(svg("text", { x: 4, y: top + 10 }, maxRate.toFixed(1) + " /s"));
    chart.append(svg("text", { x: W - 4, y: top + 10, "text-anchor": "end" }, Karuta.fmt(maxPeers) + " peers"));
    chart.append(svg("text", { x: 4, y: H - 4 }, "−" + Math.round(span / 60000) + " min"));
    chart.append(svg("text", { x: W - 4, y: H - 4, "text-anchor": "end" }, "now"));
  } catch (e) {
    Karuta.status($("status"), "cannot read history: " + e.message, false);
  }
}

refreshStats();
refreshChart();
setInterval(refreshStats, 2000);
setInterval(refreshChart, 10000);
