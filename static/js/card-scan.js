/* The card scanner (templates/accounts/card_scan.html): reads a colleague's NetMed QR code with
   the camera, or from a photo, and opens their card. The browser's BarcodeDetector reads it where
   there is one; elsewhere the vendored jsQR (static/vendor/jsQR.js) does. Only links to a NetMed
   card on this site are followed; from an event page the event goes along (?event=). */
(function () {
  "use strict";
  const root = document.querySelector("[data-card-scanner]");
  if (!root) return;
  const video = root.querySelector("[data-scan-video]");
  const canvas = root.querySelector("[data-scan-canvas]");
  const status = root.querySelector("[data-scan-status]");
  const startButton = root.querySelector("[data-scan-start]");
  const photo = root.querySelector("[data-scan-photo]");
  let stream = null;
  let detectorPromise = null;

  function say(text) {
    status.textContent = text;
  }

  function cardUrl(text) {
    let url;
    try {
      url = new URL(text, location.href);
    } catch (error) {
      return null;
    }
    if (url.origin !== location.origin || !url.pathname.startsWith(root.dataset.sharePrefix)) {
      return null;
    }
    if (root.dataset.event) url.searchParams.set("event", root.dataset.event);
    return url;
  }

  function detector() {
    if (!detectorPromise) {
      detectorPromise = (async () => {
        if (!("BarcodeDetector" in window)) return null;
        try {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          return formats.includes("qr_code")
            ? new window.BarcodeDetector({ formats: ["qr_code"] })
            : null;
        } catch (error) {
          return null;
        }
      })();
    }
    return detectorPromise;
  }

  async function decode(source, width, height) {
    const native = await detector();
    if (native) {
      const codes = await native.detect(source);
      return codes.length ? codes[0].rawValue : null;
    }
    if (!window.jsQR || !width || !height) return null;
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height);
    const code = window.jsQR(pixels.data, width, height);
    return code ? code.data : null;
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
  }

  function open(text) {
    const url = cardUrl(text);
    if (!url) {
      say("That code is not a NetMed card.");
      return false;
    }
    stop();
    say("Card found: opening it…");
    location.assign(url.href);
    return true;
  }

  async function scanFrames() {
    if (!stream) return;
    try {
      const text = await decode(video, video.videoWidth, video.videoHeight);
      if (text && open(text)) return;
    } catch (error) {
      // a frame that could not be read: try the next one
    }
    setTimeout(scanFrames, 200);
  }

  startButton.addEventListener("click", async () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("This browser cannot use the camera here: take a photo of the code instead.");
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      say("NetMed may not use the camera: allow it, or take a photo of the code instead.");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    say("Looking for a code…");
    scanFrames();
  });

  photo.addEventListener("change", async () => {
    const file = photo.files && photo.files[0];
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      const text = await decode(bitmap, bitmap.width, bitmap.height);
      if (!text) say("No QR code found in that photo. Try again, closer and steadier.");
      else open(text);
    } catch (error) {
      say("That file could not be read as a picture.");
    }
  });

  window.addEventListener("pagehide", stop);
})();
