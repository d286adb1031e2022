/* The camera scanner of the desk: QR codes through the browser's own BarcodeDetector
   where it has one, else through the vendored qr-scanner (loaded on first use).
   Scanner.start(video, gevonden) starts the camera and calls gevonden(text) for
   the first code read; it resolves to a function that stops the camera. What the
   desk does with the text and with the buttons is balie.js's business. */
(function () {
  "use strict";

  // Loaded by its plain name (registratie/pwa.py caches it under that name).
  const decoderUrl = new URL("../vendor/qr-scanner-1.4.2/qr-scanner.umd.min.js",
    document.currentScript.src).href;
  let decoder = null;
  let qrScanner = null;

  function laadDecoder() {
    if (window.QrScanner) return Promise.resolve();
    if (!decoder) {
      decoder = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = decoderUrl;
        s.onload = resolve;
        s.onerror = () => { decoder = null; reject(new Error("decoder")); };
        document.head.appendChild(s);
      });
    }
    return decoder;
  }

  async function heeftNatieveDetector() {
    try {
      return "BarcodeDetector" in window && (await window.BarcodeDetector.getSupportedFormats()).includes("qr_code");
    } catch (e) {
      return false;
    }
  }

  async function natiefScannen(video, gevonden) {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    video.srcObject = stream;
    await video.play();
    let actief = true;
    (async () => {
      while (actief) {
        try {
          const codes = await detector.detect(video);
          if (codes.length && actief) return gevonden(codes[0].rawValue);
        } catch (e) { /* frame not ready yet */ }
        await new Promise((r) => setTimeout(r, 120));
      }
    })();
    return () => {
      actief = false;
      stream.getTracks().forEach((t) => t.stop());
      video.srcObject = null;
    };
  }

  async function decoderScannen(video, gevonden) {
    await laadDecoder();
    if (!qrScanner) {
      qrScanner = new window.QrScanner(video, (r) => gevonden(r.data),
        { returnDetailedScanResult: true, preferredCamera: "environment", maxScansPerSecond: 10 });
    }
    await qrScanner.start();
    return () => qrScanner.stop();
  }

  window.Scanner = {
    kan: () => Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia),
    async start(video, gevonden) {
      return ((await heeftNatieveDetector()) ? natiefScannen : decoderScannen)(video, gevonden);
    },
  };
})();
