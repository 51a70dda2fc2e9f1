// Camera scanning for the lending desk: a progressive enhancement. Every barcode field
// (data-scan="barcode") works without it — a USB scanner types the code and presses Enter.
// Where the browser has the BarcodeDetector API and a camera, a button beside the field opens
// the camera; the first code read fills the field and submits its form.
(function () {
  "use strict";
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var FORMATS = ["ean_13", "ean_8", "code_128", "code_39", "qr_code", "upc_a", "itf"];

  function stop(video) {
    var stream = video.srcObject;
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    video.remove();
  }

  function scan(input, button) {
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: FORMATS });
    } catch (error) {
      detector = new window.BarcodeDetector();
    }
    var video = document.createElement("video");
    video.setAttribute("playsinline", "");
    video.setAttribute("muted", "");
    video.className = "scan-video";
    button.after(video);
    button.disabled = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      return video.play();
    }).then(function () {
      var tick = function () {
        if (!video.isConnected) { return; }
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            input.value = codes[0].rawValue;
            stop(video);
            button.disabled = false;
            if (input.form) { input.form.requestSubmit(); }
          } else {
            window.requestAnimationFrame(tick);
          }
        }).catch(function () { window.requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () {
      stop(video);
      button.disabled = false;
      input.focus();
    });
  }

  var holder = document.querySelector("[data-scan-label]");
  var text = holder ? holder.getAttribute("data-scan-label") : "Scan";
  document.querySelectorAll('input[data-scan="barcode"]').forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kern-btn kern-btn--secondary";
    var label = document.createElement("span");
    label.className = "kern-label";
    label.textContent = text;
    button.appendChild(label);
    button.addEventListener("click", function () { scan(input, button); });
    input.after(button);
  });
}());
