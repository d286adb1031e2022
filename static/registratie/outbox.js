/* Outbox for pickups registered on this device: an IndexedDB queue that is
   uploaded in order, in batches, to the idempotent sync endpoint.
   Runs in a page and in the service worker (importScripts), so Background
   Sync, the `online` event and the "Nu verzenden" button share one queue and
   one lock. Nothing leaves the queue without a per-item answer from the server.
   Its one text comes from Django's JavaScript catalogue, which the page loads
   before this script and the service worker imports before it. */
(function (root) {
  "use strict";

  const DB_NAAM = "materielehulp";
  const DB_VERSIE = 1;
  const MAX_BATCH = 200;
  const SLOT = "materielehulp-outbox";
  const SLOT_DUUR = 120000;
  const VERZEND_TIMEOUT = 30000;
  const WACHT_MIN = 2000;
  const WACHT_MAX = 60000;
  const AFGELEVERD = ["geaccepteerd", "duplicaat", "te_controleren"];
  const inWorker = typeof document === "undefined";
  const kanaal = "BroadcastChannel" in root ? new BroadcastChannel("materielehulp-outbox") : null;

  let dbBelofte = null;

  function openDb() {
    if (!dbBelofte) {
      dbBelofte = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB_NAAM, DB_VERSIE);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains("outbox")) {
            db.createObjectStore("outbox", { keyPath: "sleutel" }).createIndex("volgorde", "volgorde");
          }
          if (!db.objectStoreNames.contains("mislukt")) db.createObjectStore("mislukt", { keyPath: "sleutel" });
          if (!db.objectStoreNames.contains("rooster")) db.createObjectStore("rooster", { keyPath: "sleutel" });
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "naam" });
        };
        req.onsuccess = () => {
          const db = req.result;
          db.onversionchange = () => { db.close(); dbBelofte = null; };
          resolve(db);
        };
        req.onerror = () => { dbBelofte = null; reject(req.error); };
      });
    }
    return dbBelofte;
  }

  // One transaction; `werk(stores, uit)` issues requests and may set uit.waarde.
  // Resolves after the transaction committed, so callers never see half a write.
  function transactie(namen, modus, werk) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(namen, modus);
      const uit = {};
      t.oncomplete = () => resolve(uit.waarde);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error || new Error("transactie afgebroken"));
      werk([].concat(namen).map((n) => t.objectStore(n)), uit);
    }));
  }

  function leesAlles(store, index) {
    return transactie(store, "readonly", ([s], uit) => {
      const bron = index ? s.index(index) : s;
      bron.getAll().onsuccess = (e) => { uit.waarde = e.target.result; };
    });
  }

  function leesEen(store, sleutel) {
    return transactie(store, "readonly", ([s], uit) => {
      s.get(sleutel).onsuccess = (e) => { uit.waarde = e.target.result; };
    });
  }

  function zetEen(store, waarde) {
    return transactie(store, "readwrite", ([s]) => { s.put(waarde); });
  }

  // --- events: this context, other tabs and the service worker ----------------

  function meld(naam, detail) {
    if (!inWorker) root.dispatchEvent(new CustomEvent(naam, { detail: detail }));
    if (kanaal) kanaal.postMessage({ naam: naam, detail: detail });
  }

  if (kanaal && !inWorker) {
    kanaal.onmessage = (e) => {
      if (e.data && e.data.naam) root.dispatchEvent(new CustomEvent(e.data.naam, { detail: e.data.detail }));
    };
  }

  async function meldAantal() {
    meld("outbox:veranderd", await telling());
  }

  // --- helpers ------------------------------------------------------------------

  function twee(n) { return String(n).padStart(2, "0"); }

  function vandaag(d) {
    d = d || new Date();
    return `${d.getFullYear()}-${twee(d.getMonth() + 1)}-${twee(d.getDate())}`;
  }

  // ISO 8601 with the device's UTC offset, as the server expects for gescand_op.
  function isoNu(d) {
    d = d || new Date();
    const min = -d.getTimezoneOffset();
    const teken = min >= 0 ? "+" : "-";
    const abs = Math.abs(min);
    return `${vandaag(d)}T${twee(d.getHours())}:${twee(d.getMinutes())}:${twee(d.getSeconds())}` +
      `${teken}${twee(Math.floor(abs / 60))}:${twee(abs % 60)}`;
  }

  function apparaat() {
    if (inWorker) return "";
    let id = localStorage.getItem("mh-apparaat");
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem("mh-apparaat", id);
    }
    return id;
  }

  function wacht(ms) { return new Promise((r) => setTimeout(r, ms)); }

  // --- the ledger outside IndexedDB -------------------------------------------------
  // IndexedDB can be cleared on its own (site settings, a cleaner app, developer
  // tools). The page also keeps the keys of queued pickups in localStorage: random
  // ids only, no card text, no name. A key that left the store without a confirmed
  // send is asked of the server (the service worker may have sent it while no page
  // was open); what the server does not know is said to be lost, and the desk never
  // says "Alles is verzonden" while that is open (issue 11.5).
  const GROOTBOEK = "mh-wachtrij-sleutels";

  function leesGrootboek() {
    if (inWorker) return null;
    try { return JSON.parse(localStorage.getItem(GROOTBOEK) || "{}") || {}; } catch (e) { return {}; }
  }

  function schrijfGrootboek(g) {
    if (inWorker) return;
    try { localStorage.setItem(GROOTBOEK, JSON.stringify(g)); } catch (e) { /* full: the store still counts */ }
  }

  function inGrootboek(item) {
    const g = leesGrootboek();
    if (!g) return;
    g[item.sleutel] = { e: item.eigenaar || "", t: Date.now() };
    schrijfGrootboek(g);
  }

  function uitGrootboek(sleutels) {
    const g = leesGrootboek();
    if (!g) return;
    [].concat(sleutels).forEach((k) => { delete g[k]; });
    schrijfGrootboek(g);
  }

  // Keys of this volunteer that are in the ledger but in neither store:
  // `onzeker` not yet asked of the server, `weg` asked and unknown there.
  async function ontbrekend(cfg) {
    const g = leesGrootboek();
    if (!g) return { onzeker: [], weg: [] };
    const aanwezig = new Set([...(await all()), ...(await leesAlles("mislukt"))].map((i) => i.sleutel));
    const onzeker = [];
    const weg = [];
    Object.entries(g).forEach(([sleutel, info]) => {
      if (aanwezig.has(sleutel) || !cfg.eigenaar || (info.e && info.e !== cfg.eigenaar)) return;
      (info.weg ? weg : onzeker).push(sleutel);
    });
    return { onzeker, weg };
  }

  async function telling() {
    const cfg = await instellingen();
    const uit = { wachtend: await count(), mislukt: (await mislukt()).length, verdwenen: 0, onzeker: 0 };
    if (!inWorker) {
      const o = await ontbrekend(cfg);
      uit.verdwenen = o.weg.length;
      uit.onzeker = o.onzeker.length;
    }
    return uit;
  }

  // Asks the server which missing keys it received; those leave the ledger, the
  // rest are marked lost. Offline or logged out: asked again later.
  async function controleer() {
    if (inWorker) return;
    const cfg = await instellingen();
    const { onzeker } = await ontbrekend(cfg);
    if (!onzeker.length || !cfg.syncUrl) return;
    let bekend;
    try {
      const antwoord = await fetch(cfg.syncUrl.replace(/\/?$/, "/") + "bekend/", {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(cfg) },
        body: JSON.stringify({ sleutels: onzeker.slice(0, 500) }),
      });
      if (!antwoord.ok) return;
      bekend = new Set((await antwoord.json()).bekend || []);
    } catch (e) {
      return;
    }
    const g = leesGrootboek();
    onzeker.slice(0, 500).forEach((k) => {
      if (!g[k]) return;
      if (bekend.has(k)) delete g[k];
      else g[k].weg = true;
    });
    schrijfGrootboek(g);
    await meldAantal();
  }

  // The volunteer has told the coordinator: the lost keys leave the ledger.
  async function vergeetVerdwenen() {
    const { weg } = await ontbrekend(await instellingen());
    uitGrootboek(weg);
    await meldAantal();
  }

  // --- the queue ------------------------------------------------------------------

  let teller = 0;

  async function add(record) {
    const cfg = await instellingen();
    const r = Object.assign({}, record);
    // A phone is shared: each pickup belongs to the volunteer and organisation that
    // made it, and is sent only in their session (see verzendAlles).
    r.eigenaar = r.eigenaar || cfg.eigenaar || "";
    r.voornaam = r.voornaam || cfg.voornaam || "";
    r.sleutel = r.sleutel || crypto.randomUUID();
    r.gescand_op = r.gescand_op || isoNu();
    r.apparaat = r.apparaat || apparaat();
    r.offline = !!r.offline;
    r.override_reden = r.override_reden || "";
    r.volgorde = Date.now() * 1000 + (teller++ % 1000);
    inGrootboek(r);
    await zetEen("outbox", r);
    await meldAantal();
    return r;
  }

  function all() { return leesAlles("outbox", "volgorde"); }
  function get(sleutel) { return leesEen("outbox", sleutel); }

  // Items of whoever is logged in on this desk now; others' are kept and not shown.
  function vanMij(cfg) {
    return (item) => !!cfg.eigenaar && (!item.eigenaar || item.eigenaar === cfg.eigenaar);
  }

  async function mijn() { return (await all()).filter(vanMij(await instellingen())); }
  async function mislukt() { return (await leesAlles("mislukt")).filter(vanMij(await instellingen())); }
  async function count() { return (await mijn()).length; }

  // For the login page: who has pickups waiting on this phone (first names only).
  async function wachtendPerPersoon() {
    const per = new Map();
    (await all()).forEach((item) => {
      const naam = item.voornaam || "";
      per.set(naam, (per.get(naam) || 0) + 1);
    });
    return [...per].map(([voornaam, aantal]) => ({ voornaam, aantal }));
  }

  async function remove(sleutels) {
    await transactie("outbox", "readwrite", ([s]) => { [].concat(sleutels).forEach((k) => s.delete(k)); });
    uitGrootboek(sleutels);
    await meldAantal();
  }

  async function vergeetMislukt(sleutels) {
    await transactie("mislukt", "readwrite", ([s]) => { [].concat(sleutels).forEach((k) => s.delete(k)); });
    uitGrootboek(sleutels);
    await meldAantal();
  }

  function naarMislukt(items) {
    return transactie(["outbox", "mislukt"], "readwrite", ([o, m]) => {
      items.forEach((item) => { o.delete(item.sleutel); m.put(item); });
    });
  }

  // --- settings the service worker needs when no page is open ---------------------

  let instellingenCache = null;

  async function instellen(waarden) {
    instellingenCache = Object.assign({}, await instellingen(), waarden);
    await zetEen("meta", Object.assign({ naam: "instellingen" }, instellingenCache));
  }

  let instellingenGelezen = null;

  // One read of the stored settings: a late read must not overwrite what instellen()
  // set meanwhile (the desk calls both at start; the owner and URL were then lost).
  function instellingen() {
    if (instellingenCache) return Promise.resolve(instellingenCache);
    if (!instellingenGelezen) {
      instellingenGelezen = leesEen("meta", "instellingen").then((opgeslagen) => {
        if (!instellingenCache) instellingenCache = opgeslagen || {};
        return instellingenCache;
      });
    }
    return instellingenGelezen.then(() => instellingenCache);
  }

  function csrfToken(cfg) {
    if (!inWorker) {
      // The cookie holds Django's current secret, which the header may carry as is;
      // a page restored from the cache can hold an older masked token.
      const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      if (m) return decodeURIComponent(m[1]);
      try {
        const h = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
        if (h["X-CSRFToken"]) return h["X-CSRFToken"];
      } catch (e) { /* no usable hx-headers */ }
    }
    return cfg.csrf || "";
  }

  // --- one replay at a time, across tabs and the service worker ---------------------

  const id = crypto.randomUUID();
  let lokaleKetting = Promise.resolve();

  function metSlot(werk) {
    if (root.navigator && navigator.locks && navigator.locks.request) {
      return navigator.locks.request(SLOT, () => werk());
    }
    // No Web Locks (older Safari): serialise here, and across contexts with a
    // lease in IndexedDB that expires if its holder died mid-flight.
    const beurt = lokaleKetting.then(() => metLease(werk));
    lokaleKetting = beurt.catch(() => {});
    return beurt;
  }

  function neemLease() {
    return transactie("meta", "readwrite", ([s], uit) => {
      s.get("slot").onsuccess = (e) => {
        const slot = e.target.result;
        if (!slot || slot.tot < Date.now() || slot.eigenaar === id) {
          s.put({ naam: "slot", eigenaar: id, tot: Date.now() + SLOT_DUUR });
          uit.waarde = true;
        }
      };
    });
  }

  async function metLease(werk) {
    while (!(await neemLease())) await wacht(300);
    try {
      return await werk();
    } finally {
      await transactie("meta", "readwrite", ([s]) => {
        s.get("slot").onsuccess = (e) => {
          if (e.target.result && e.target.result.eigenaar === id) s.delete("slot");
        };
      });
    }
  }

  // --- upload -------------------------------------------------------------------------

  function voorServer(r) {
    const item = {
      sleutel: r.sleutel, moment: r.moment, datum: r.datum, gescand_op: r.gescand_op,
      override_reden: r.override_reden || "", offline: !!r.offline,
    };
    if (r.kaart) item.kaart = r.kaart;
    if (r.gezin) item.gezin = r.gezin;
    // The aid and visit of a line (issue 13.3), and a meal's counts; absent on items
    // queued before aids were chosen, and then the server takes the rules' aid.
    ["hulpvorm", "bezoek", "volwassenen", "kinderen", "bonnen", "eerste_bon"].forEach((veld) => {
      if (r[veld] !== undefined && r[veld] !== null) item[veld] = r[veld];
    });
    return item;
  }

  async function post(cfg, items) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), VERZEND_TIMEOUT);
    try {
      return await fetch(cfg.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        signal: ctrl.signal,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(cfg) },
        // `klok`: the server corrects scan times by how far this clock is off.
        body: JSON.stringify({ apparaat: items[0].apparaat || apparaat(), klok: isoNu(),
          eigenaar: cfg.eigenaar, afhalingen: items.map(voorServer) }),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  // A whole-request refusal counts only when it is this application's own answer
  // (docs/registratie-api.md: a JSON body with a known `code`). A 400 or 413 from a
  // proxy, a captive portal or a load balancer says nothing about the items.
  async function eigenWeigering(antwoord) {
    try {
      const j = await antwoord.clone().json();
      return !!j && typeof j.fout === "string" && ["ongeldig", "te_groot"].includes(j.code);
    } catch (e) {
      return false;
    }
  }

  let wachttijd = 0;
  let herhaling = null;

  function planNieuwePoging(reden) {
    wachttijd = Math.min(WACHT_MAX, wachttijd ? wachttijd * 2 : WACHT_MIN);
    clearTimeout(herhaling);
    // A service worker may be stopped at any time: Background Sync retries there.
    if (!inWorker) herhaling = setTimeout(flush, wachttijd);
    meld("outbox:status", { status: reden, volgendePoging: Date.now() + wachttijd });
    return { status: reden };
  }

  async function verzendAlles() {
    const cfg = await instellingen();
    if (!cfg.syncUrl) return { status: "ok" };
    let grootte = MAX_BATCH;
    for (;;) {
      const items = (await mijn()).slice(0, grootte);
      if (!items.length) {
        wachttijd = 0;
        await controleer();
        meld("outbox:status", { status: "ok" });
        return { status: "ok" };
      }
      meld("outbox:status", { status: "bezig" });
      let antwoord;
      try {
        antwoord = await post(cfg, items);
      } catch (e) {
        // Not a reason to call the items offline: their retry must get the answer
        // their first try would have had ("Al geregistreerd om …" rather than a
        // second pickup waiting for review).
        return planNieuwePoging("netwerk");
      }
      if (antwoord.type === "opaqueredirect" || antwoord.status === 401 || antwoord.status === 403
          || antwoord.status === 409) {
        // 409: the session is someone else's now (a shared phone).
        // Session expired or role changed: keep everything until the volunteer logs in again.
        meld("outbox:status", { status: "aanmelden" });
        return { status: "aanmelden" };
      }
      const weigering = (antwoord.status === 400 || antwoord.status === 413)
        && (await eigenWeigering(antwoord));
      if ((antwoord.status === 400 || antwoord.status === 413) && !weigering) {
        return planNieuwePoging("server");
      }
      if (weigering && items.length > 1) {
        // One bad item must not block the rest: halve the batch until it is alone.
        grootte = Math.ceil(items.length / 2);
        continue;
      }
      if (weigering) {
        const fout = { sleutel: items[0].sleutel, uitkomst: "fout",
          bericht: gettext("De server kon deze registratie niet lezen. Meld dit aan de coördinator.") };
        await naarMislukt([Object.assign({}, items[0], { bericht: fout.bericht })]);
        meld("outbox:resultaten", { resultaten: [fout] });
        await meldAantal();
        continue;
      }
      let resultaten = null;
      if (antwoord.ok) {
        try { resultaten = (await antwoord.json()).resultaten; } catch (e) { resultaten = null; }
      }
      if (!Array.isArray(resultaten) || !resultaten.length) return planNieuwePoging("server");

      const perSleutel = new Map(resultaten.map((r) => [r.sleutel, r]));
      const geleverd = [];
      const geweigerd = [];
      items.forEach((item) => {
        const r = perSleutel.get(item.sleutel);
        if (!r) return;
        if (AFGELEVERD.includes(r.uitkomst)) geleverd.push(item.sleutel);
        else if (r.uitkomst === "fout") geweigerd.push(Object.assign({}, item, { bericht: r.bericht || "" }));
      });
      if (!geleverd.length && !geweigerd.length) return planNieuwePoging("server");
      if (geweigerd.length) await naarMislukt(geweigerd);
      if (geleverd.length) {
        await transactie("outbox", "readwrite", ([s]) => geleverd.forEach((k) => s.delete(k)));
        uitGrootboek(geleverd);
      }
      meld("outbox:resultaten", { resultaten: resultaten });
      await meldAantal();
      if (geleverd.length + geweigerd.length < items.length) return planNieuwePoging("server");
      wachttijd = 0;
    }
  }

  let lopend = null;
  let nogEens = false;

  // Replays the whole queue; calls made while one runs in this context share it
  // (and run it once more at the end, for items added in the meantime).
  function flush(opties) {
    if (opties && opties.opnieuw) wachttijd = 0;
    clearTimeout(herhaling);
    if (lopend) {
      nogEens = true;
      return lopend;
    }
    lopend = (async () => {
      let uitkomst;
      do {
        nogEens = false;
        uitkomst = await metSlot(verzendAlles);
      } while (nogEens && uitkomst.status === "ok");
      return uitkomst;
    })().finally(() => { lopend = null; });
    return lopend;
  }

  // --- the roster per moment and day ----------------------------------------------------

  function roosterSleutel(moment, datum) { return `${moment}:${datum}`; }

  // Rosters from before the expiry date existed are kept for their own day only.
  function verlopen(r, vandaagIso) { return (r.vervalt_op || r.datum) < vandaagIso; }

  const rooster = {
    async bewaar(data) {
      const sleutel = roosterSleutel(data.moment, data.datum);
      const oud = await leesEen("rooster", sleutel);
      // Marks of pickups still in this device's outbox survive a refresh of the roster.
      await zetEen("rooster", Object.assign({}, data, {
        sleutel: sleutel, opgehaald: Date.now(), lokaal: (oud && oud.lokaal) || {},
      }));
    },
    haal(moment, datum) { return leesEen("rooster", roosterSleutel(moment, datum)); },
    markeer(moment, datum, gezin, tijd) {
      return transactie("rooster", "readwrite", ([s]) => {
        s.get(roosterSleutel(moment, datum)).onsuccess = (e) => {
          const r = e.target.result;
          if (!r) return;
          r.lokaal = r.lokaal || {};
          if (tijd) r.lokaal[gezin] = tijd;
          else delete r.lokaal[gezin];
          s.put(r);
        };
      });
    },
    // The newest roster of this moment that has not expired: an older day's list
    // still helps when the phone cannot reach the server (the desk says so).
    async nieuwste(moment) {
      const alle = await new Promise((klaar) => {
        transactie("rooster", "readonly", ([s]) => { s.getAll().onsuccess = (e) => klaar(e.target.result); })
          .catch(() => klaar([]));
      });
      const vandaagIso = vandaag();
      return alle.filter((r) => r.moment === moment && r.datum <= vandaagIso && !verlopen(r, vandaagIso))
        .sort((a, b) => (a.datum < b.datum ? 1 : -1))[0] || null;
    },
    // A roster holds names: it goes on the day the server said it expires
    // (ROOSTER_BEWAARDAGEN), and never because this page is older than it.
    opruimen() {
      const vandaagIso = vandaag();
      return transactie("rooster", "readwrite", ([s]) => {
        s.getAll().onsuccess = (e) => {
          e.target.result.forEach((r) => { if (verlopen(r, vandaagIso)) s.delete(r.sleutel); });
        };
      });
    },
    wis() { return transactie("rooster", "readwrite", ([s]) => { s.clear(); }); },
  };

  root.Outbox = {
    add, all, mijn, get, remove, count, mislukt, vergeetMislukt, flush, metSlot, instellen,
    instellingen, rooster, isoNu, vandaag, apparaat, csrfToken, wachtendPerPersoon,
    telling, controleer, vergeetVerdwenen,
  };
})(self);
