/* The login page of a shared phone: whose pickups still wait on this phone.
   Reads the outbox's database only when it exists (opening it would create an
   empty one that the outbox then cannot upgrade), and shows first names only. */
(function () {
  "use strict";
  const p = document.getElementById("wachtend");
  if (!p || !window.indexedDB || !indexedDB.databases) return;

  function lees(db) {
    return new Promise((klaar) => {
      if (!db.objectStoreNames.contains("outbox")) return klaar([]);
      const req = db.transaction("outbox").objectStore("outbox").getAll();
      req.onsuccess = () => klaar(req.result || []);
      req.onerror = () => klaar([]);
    });
  }

  indexedDB.databases().then((dbs) => {
    if (!dbs.some((d) => d.name === "materielehulp")) return;
    const req = indexedDB.open("materielehulp");
    req.onsuccess = async () => {
      const items = await lees(req.result);
      req.result.close();
      const per = new Map();
      items.forEach((i) => per.set(i.voornaam || "", (per.get(i.voornaam || "") || 0) + 1));
      const regels = [...per].map(([naam, aantal]) => {
        const sjabloon = aantal === 1 ? p.dataset.een : p.dataset.meer;
        return sjabloon.replace("{aantal}", aantal).replaceAll("{naam}", naam || p.dataset.iemand);
      });
      if (!regels.length) return;
      p.textContent = regels.join(" ");
      p.hidden = false;
    };
  });
})();
