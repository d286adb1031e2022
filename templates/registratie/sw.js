/* Service worker of the desk, rendered by registratie/pwa.py.
   Static files and the text catalogue: cache first (the cache name carries
   a hash of their content).
   Desk pages: network first with a timeout, the cached copy when offline.
   POSTs are never answered from here: the outbox uploads registrations itself.
   Texts come from Django's JavaScript catalogue, imported before the outbox. */
"use strict";
importScripts({{ catalogus_url|safe }});
importScripts({{ outbox_url|safe }});

const CONFIG = {{ config|safe }};
const STATISCH = "mh-statisch-" + CONFIG.versie;
const PAGINAS = "mh-paginas";
const NAVIGATIE_TIMEOUT = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const statisch = await caches.open(STATISCH);
    await statisch.addAll(CONFIG.vooraf);
    // Cached desk pages must point at the new static files, or they break offline.
    const paginas = await caches.open(PAGINAS);
    for (const req of await paginas.keys()) {
      try {
        const resp = await fetch(req.url, { credentials: "same-origin", redirect: "manual" });
        if (resp.ok && resp.type === "basic") await paginas.put(req, resp);
      } catch (e) { /* offline: keep the old copy */ }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const naam of await caches.keys()) {
      if (naam.startsWith("mh-statisch-") && naam !== STATISCH) await caches.delete(naam);
    }
    await self.Outbox.rooster.opruimen();
    // The desk that installed this worker was loaded before it: keep a copy for offline reloads.
    const paginas = await caches.open(PAGINAS);
    for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
      const url = new URL(client.url);
      if (!isBalie(url) || url.search || (await paginas.match(url.pathname))) continue;
      try {
        const resp = await fetch(url.pathname, { credentials: "same-origin", redirect: "manual" });
        if (resp.ok && resp.type === "basic") await paginas.put(url.pathname, resp);
      } catch (e) { /* cached at the next visit */ }
    }
    // Claimed only now, so that a controlled desk can also be reloaded offline.
    await self.clients.claim();
  })());
});

function isBalie(url) {
  return url.pathname.startsWith(CONFIG.baliePad) && /^\d+\/$/.test(url.pathname.slice(CONFIG.baliePad.length));
}

function wisPrive() {
  return Promise.allSettled([self.Outbox.rooster.wis(), caches.delete(PAGINAS)]);
}

async function offlinePagina() {
  return (await caches.match(CONFIG.offlineUrl)) || new Response(gettext("Geen internet."), {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function bewaardePagina(url) {
  const paginas = await caches.open(PAGINAS);
  const exact = await paginas.match(url.pathname);
  if (exact) return exact;
  // A panel or search URL of a desk falls back to that desk's page.
  const balie = url.pathname.slice(CONFIG.baliePad.length).match(/^(\d+)\//);
  if (url.pathname.startsWith(CONFIG.baliePad) && balie) {
    const pagina = await paginas.match(CONFIG.baliePad + balie[1] + "/");
    if (pagina) return pagina;
  }
  // The moment picker offline: go to the desk used last.
  const keys = await paginas.keys();
  if (keys.length) return Response.redirect(keys[keys.length - 1].url, 302);
  return null;
}

async function pagina(event) {
  const url = new URL(event.request.url);
  const netwerk = fetch(event.request).then(async (resp) => {
    if (resp.ok && resp.type === "basic" && isBalie(url) && !url.search) {
      await (await caches.open(PAGINAS)).put(url.pathname, resp.clone());
    }
    return resp;
  });
  event.waitUntil(netwerk.catch(() => {}));
  try {
    return await Promise.race([
      netwerk,
      new Promise((_, reject) => setTimeout(() => reject(new Error("traag")), NAVIGATIE_TIMEOUT)),
    ]);
  } catch (e) {
    const bewaard = await bewaardePagina(url);
    if (bewaard) return bewaard;
    try {
      return await netwerk;
    } catch (e2) {
      return offlinePagina();
    }
  }
}

async function cacheEerst(req) {
  const cache = await caches.open(STATISCH);
  const bewaard = await cache.match(req, { ignoreVary: true });
  if (bewaard) return bewaard;
  const resp = await fetch(req);
  if (resp.ok && resp.type === "basic") await cache.put(req, resp.clone());
  return resp;
}

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method !== "GET") {
    // Passed through untouched; a logout also clears what this device keeps about households.
    if (req.method === "POST" && url.pathname === CONFIG.logoutPad) event.waitUntil(wisPrive());
    return;
  }
  if (req.mode === "navigate") {
    if (url.pathname.startsWith(CONFIG.registratiePad)) event.respondWith(pagina(event));
    else event.respondWith(fetch(req).catch(offlinePagina));
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticUrl) || CONFIG.vooraf.includes(url.pathname)) {
    event.respondWith(cacheEerst(req));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "afhalingen") return;
  event.waitUntil(self.Outbox.flush().then((uitkomst) => {
    // Rejecting makes the browser try again later, with its own backoff.
    if (uitkomst.status === "netwerk" || uitkomst.status === "server") throw new Error(uitkomst.status);
  }));
});
