/* A button says it is busy: after a tap on a form's button, the button turns into
   "Bezig…" and takes no second tap until the next page (a login takes seconds, a
   wrong password longer; a double tap sent a form twice). A link marked
   data-bezig (a PDF that takes a moment) says the same for a few seconds: a
   download leaves the page as it was, so nothing else would say it ended.
   Forms that a script handles itself (the desk, htmx) are left alone. */
(function () {
  "use strict";

  const tekst = document.currentScript.dataset.tekst || "…";
  const DOWNLOAD_MS = 6000;

  function bezig(el) {
    if (el.dataset.bezigWas !== undefined) return;
    el.dataset.bezigWas = el.textContent;
    el.setAttribute("aria-busy", "true");
    el.textContent = tekst;
  }

  function klaar(el) {
    if (el.dataset.bezigWas === undefined) return;
    el.textContent = el.dataset.bezigWas;
    delete el.dataset.bezigWas;
    el.removeAttribute("aria-busy");
    if (el.tagName === "BUTTON") el.disabled = false;
  }

  document.addEventListener("submit", (e) => {
    const knop = e.submitter;
    if (!knop || knop.tagName !== "BUTTON") return;
    // After the other handlers, and after the browser has read the form's values
    // (a disabled button would drop its own name and value from them).
    setTimeout(() => {
      if (e.defaultPrevented || !knop.isConnected) return;
      bezig(knop);
      knop.disabled = true;
      // A form that answers with a file (an export) stays on this page.
      setTimeout(() => klaar(knop), DOWNLOAD_MS * 2);
    }, 0);
  });

  document.addEventListener("click", (e) => {
    const link = e.target.closest && e.target.closest("a[data-bezig]");
    if (!link || e.defaultPrevented || e.ctrlKey || e.metaKey) return;
    bezig(link);
    setTimeout(() => klaar(link), DOWNLOAD_MS);
  });

  // Back to a page from the browser's cache: its buttons work again.
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("[data-bezig-was]").forEach(klaar);
  });
})();
