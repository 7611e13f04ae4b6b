// Shared by every admin page: the API client (with the CSRF header on changes), number formatting,
// and the page frame. Everything shown from clients or the tracker goes through textContent, never
// innerHTML, so peer ids and other client-chosen text cannot become markup.
"use strict";

const Karuta = (() => {
  async function api(method, path, body) {
    const init = { method, headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (method !== "GET") {
      init.headers["X-Karuta-Admin"] = "1";
    }
    const response = await fetch("api/" + path, init);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const error = new Error((data && data.error) || ("HTTP " + response.status));
      error.status = response.status;
      throw error;
    }
    return data;
  }

  const number = new Intl.NumberFormat("en-US");
  function fmt(n) { return number.format(n); }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function status(node, message, ok) {
    node.textContent = message;
    node.className = "status " + (ok ? "ok" : "error");
  }

  function frame(current) {
    const nav = document.querySelector("header nav");
    for (const [href, label] of [["index.html", "Dashboard"], ["swarms.html", "Swarms"], ["lists.html", "Access lists and bans"], ["private.html", "Private tracker"], ["config.html", "Configuration"]]) {
      nav.append(el("a", { href, class: href === current ? "here" : "", text: label }));
    }
  }

  return { api, fmt, el, status, frame };
})();
