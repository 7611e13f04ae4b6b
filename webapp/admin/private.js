// The private tracker: its status; users (add, announce URL, may download, IP recorded, new passkey,
// remove); torrents (register, freeleech, delete with a reason, live counts); tokens; the client
// whitelist. Every change is the API's to check: the page sends what was typed and shows the answer.
"use strict";
Karuta.frame("private.html");

const $ = (id) => document.getElementById(id);
const LIMIT = 50;
// The webapp's root, where announces go: <root><passkey>/announce.
const TRACKER = new URL("../", location.href).href;

function api(method, path, body) {
  return Karuta.api(method, "private/" + path, body);
}

function announceUrl(passkey) {
  return TRACKER + passkey + "/announce";
}

// A number when the text is one, else the text itself, for the API to refuse with its reason.
function whole(text) {
  const t = text.trim();
  return /^[0-9]{1,15}$/.test(t) ? Number(t) : t;
}

function button(label, onClick) {
  const b = Karuta.el("button", { type: "button", text: label });
  b.addEventListener("click", onClick);
  return b;
}

// Runs one change, shows what the server holds now, then says in statusNode how the change went.
async function act(statusNode, work, done) {
  let message, ok = true;
  try {
    message = done(await work());
  } catch (e) {
    message = e.message;
    ok = false;
  }
  await refresh();
  Karuta.status(statusNode, message, ok);
}

// A table of pages of `field` from GET `path`, searched by the text of `queryInput` (when there is one).
function pagedTable(section, path, field, rowsNode, totalNode, queryInput, render) {
  let offset = 0;
  const prev = section.querySelector(".prev"), next = section.querySelector(".next");
  async function load() {
    const q = queryInput ? queryInput.value.trim() : "";
    const page = await api("GET", path + "?offset=" + offset + "&limit=" + LIMIT + "&q=" + encodeURIComponent(q));
    rowsNode.replaceChildren(...page[field].map(render));
    totalNode.textContent = Karuta.fmt(page.total) + (q ? " matching" : "") + " " + (page.total === 1 ? field.slice(0, -1) : field)
      + (page.total > LIMIT ? ", " + (offset + 1) + "–" + Math.min(offset + LIMIT, page.total) : "");
    prev.disabled = offset === 0;
    next.disabled = offset + LIMIT >= page.total;
  }
  prev.addEventListener("click", () => { offset = Math.max(0, offset - LIMIT); load(); });
  next.addEventListener("click", () => { offset += LIMIT; load(); });
  return { load, first() { offset = 0; return load(); } };
}

// ---- users -------------------------------------------------------------------------------------

function showAnnounce(user) {
  $("announceUser").textContent = user.id;
  $("announceUrl").textContent = announceUrl(user.passkey);
  $("announceBox").hidden = false;
}

function flag(user, field, label) {
  const box = Karuta.el("input", { type: "checkbox", "aria-label": label + " for user " + user.id });
  box.checked = user[field];
  box.addEventListener("change", () => act($("usersStatus"), () => api("PUT", "users/" + user.id, { [field]: box.checked }),
    (u) => "user " + u.id + ": " + label + " " + (u[field] ? "yes" : "no")));
  return box;
}

const users = pagedTable($("users"), "users", "users", $("userRows"), $("usersTotal"), $("userQ"), (u) =>
  Karuta.el("tr", { "data-user": u.id }, Karuta.el("td", { text: u.id }),
    Karuta.el("td", { class: "mono announce", text: announceUrl(u.passkey) }),
    Karuta.el("td", {}, flag(u, "canLeech", "may download")), Karuta.el("td", {}, flag(u, "visible", "IP recorded")),
    Karuta.el("td", {}, button("New passkey", () => {
      if (!confirm("Give user " + u.id + " a new passkey? Their current announce URL stops working at once.")) return;
      act($("usersStatus"), () => api("POST", "users/" + u.id + "/passkey"), (r) => { showAnnounce(r); return "user " + r.id + " has a new passkey"; });
    }), " ", button("Remove", () => {
      if (!confirm("Remove user " + u.id + "? Their announces are refused at once.")) return;
      act($("usersStatus"), () => api("DELETE", "users/" + u.id), (r) => "removed user " + r.id);
    }))));

$("addUser").addEventListener("submit", (e) => {
  e.preventDefault();
  const body = { canLeech: $("userCanLeech").checked, visible: $("userVisible").checked };
  if ($("userId").value.trim()) body.id = whole($("userId").value);
  if ($("userPasskey").value.trim()) body.passkey = $("userPasskey").value.trim();
  act($("usersStatus"), () => api("POST", "users", body), (u) => {
    $("userId").value = "";
    $("userPasskey").value = "";
    showAnnounce(u);
    return "added user " + u.id;
  });
});
$("userSearch").addEventListener("submit", (e) => { e.preventDefault(); users.first().catch(fail); });

// ---- torrents ----------------------------------------------------------------------------------

function freeSelect(t) {
  const select = Karuta.el("select", { "aria-label": "freeleech of torrent " + t.id },
    ...["normal", "free", "neutral"].map((v) => Karuta.el("option", { value: v, text: v })));
  select.value = t.free;
  select.addEventListener("change", () => act($("torrentsStatus"),
    () => api("PUT", "torrents/" + t.infoHash, { free: select.value }), (r) => "torrent " + r.id + " is now " + r.free));
  return select;
}

const torrents = pagedTable($("torrents"), "torrents", "torrents", $("torrentRows"), $("torrentsTotal"), $("torrentQ"), (t) =>
  Karuta.el("tr", { "data-hash": t.infoHash }, Karuta.el("td", { text: t.id }), Karuta.el("td", { class: "hash", text: t.infoHash }),
    Karuta.el("td", {}, freeSelect(t)), Karuta.el("td", { class: "seeders", text: Karuta.fmt(t.seeders) }),
    Karuta.el("td", { class: "leechers", text: Karuta.fmt(t.leechers) }),
    Karuta.el("td", { class: "snatches", text: Karuta.fmt(t.snatches) }),
    Karuta.el("td", {}, button("Delete", () => {
      const reason = prompt("Delete torrent " + t.id + "? Peers that still announce it are told why (optional reason):", "");
      if (reason === null) return;
      act($("torrentsStatus"), () => api("DELETE", "torrents/" + t.infoHash, reason.trim() ? { reason: reason.trim() } : undefined),
        (r) => "deleted torrent " + r.id);
    }))));

$("addTorrent").addEventListener("submit", (e) => {
  e.preventDefault();
  const body = { id: whole($("torrentId").value), infoHash: $("torrentHash").value.trim(), free: $("torrentFree").value };
  act($("torrentsStatus"), () => api("POST", "torrents", body), (t) => {
    $("torrentId").value = "";
    $("torrentHash").value = "";
    return "registered torrent " + t.id;
  });
});
$("torrentSearch").addEventListener("submit", (e) => { e.preventDefault(); torrents.first().catch(fail); });

// ---- tokens and whitelist ----------------------------------------------------------------------

const tokens = pagedTable($("tokens"), "tokens", "tokens", $("tokenRows"), $("tokensTotal"), null, (t) =>
  Karuta.el("tr", {}, Karuta.el("td", { text: t.userId }), Karuta.el("td", { text: t.torrentId }),
    Karuta.el("td", { class: "hash", text: t.infoHash || "" }),
    Karuta.el("td", {}, t.infoHash ? button("Take", () => act($("tokensStatus"),
      () => api("DELETE", "tokens/" + t.userId + "/" + t.infoHash), () => "took user " + t.userId + "'s token")) : "")));

$("giveToken").addEventListener("submit", (e) => {
  e.preventDefault();
  const body = { userId: whole($("tokenUser").value), infoHash: $("tokenHash").value.trim() };
  act($("tokensStatus"), () => api("POST", "tokens", body), (t) => {
    $("tokenUser").value = "";
    $("tokenHash").value = "";
    return "gave user " + t.userId + " a token for torrent " + t.torrentId;
  });
});

async function loadClients() {
  const list = await api("GET", "clients");
  $("clientsCount").textContent = list.count === 0 ? "none listed: every client allowed" : Karuta.fmt(list.count) + " listed";
  $("clientRows").replaceChildren(...list.prefixes.map((p) => Karuta.el("tr", {}, Karuta.el("td", { class: "mono", text: p }),
    Karuta.el("td", {}, button("remove", () => act($("clientsStatus"),
      () => api("DELETE", "clients", { prefixes: [p] }), (r) => "removed " + r.changed + "; " + r.count + " listed"))))));
}

function pasted() {
  return $("clientPaste").value.split(/[\s,;]+/).filter((s) => s.length > 0);
}

$("addClients").addEventListener("click", () => act($("clientsStatus"), () => api("POST", "clients", { prefixes: pasted() }),
  (r) => { $("clientPaste").value = ""; return "added " + r.changed + "; " + r.count + " listed"; }));
$("removeClients").addEventListener("click", () => act($("clientsStatus"), () => api("DELETE", "clients", { prefixes: pasted() }),
  (r) => "removed " + r.changed + "; " + r.count + " listed"));

// ---- status and refresh ------------------------------------------------------------------------

async function loadStatus() {
  const s = await api("GET", "status");
  $("private").hidden = false;
  const cards = { sUsers: s.users, sTorrents: s.torrents, sTokens: s.tokens, sPeers: s.knownPeers,
    sPending: s.pendingEntries, sWritten: s.batchesWritten, sFailed: s.failedWrites,
    sRowsRefused: s.rowsRefused, sDeltasRefused: s.deltasRefused };
  for (const [id, n] of Object.entries(cards)) $(id).textContent = Karuta.fmt(n);
  $("sStore").textContent = s.store + (s.storeKeepsChanges ? "" : " *");
  $("volatile").hidden = s.storeKeepsChanges;
  const damaged = s.damagedFiles || [];
  $("damaged").hidden = damaged.length === 0;
  $("damagedList").replaceChildren(...damaged.map((line) => Karuta.el("li", {}, line)));
  $("volatile").textContent = "* The " + s.store + " store does not keep changes made on this page: they live in this "
    + "tracker's memory only until the next load from the site's database. Make lasting changes on the site.";
}

function fail(e) {
  if (e.status === 404 && /private mode is off/.test(e.message)) {
    $("private").hidden = true;
    $("off").hidden = false;
    $("offReason").textContent = e.message;
  } else {
    Karuta.status($("status"), e.message, false);
  }
}

async function refresh() {
  try {
    await loadStatus();
    await Promise.all([users.load(), torrents.load(), tokens.load(), loadClients()]);
    $("status").textContent = "";
  } catch (e) {
    fail(e);
  }
}

refresh();
// Live counts: the status and the torrents' seeders and leechers, unless the operator is busy in that table.
setInterval(() => {
  if (document.hidden || !$("off").hidden) return;
  loadStatus().catch(fail);
  if (!$("torrentRows").contains(document.activeElement)) torrents.load().catch(fail);
}, 3000);
