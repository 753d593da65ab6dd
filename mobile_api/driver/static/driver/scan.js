// Scanning barcodes: the browser's BarcodeDetector where it reads EAN-13 and Code 128, otherwise the WebAssembly
// polyfill from our own static files (loaded only when the camera opens). A beep and a vibration on each read.
const FORMATS = ["ean_13", "code_128"];
const WASM_URL = new URL("./vendor/zxing-wasm/zxing_reader.wasm", import.meta.url).href;
let detectorPromise = null;

// A detector for EAN-13 and Code 128: native if the browser has one that reads both, else the polyfill.
export function detector() {
  detectorPromise ??= (async () => {
    if ("BarcodeDetector" in window) {
      try {
        const supported = await window.BarcodeDetector.getSupportedFormats();
        if (FORMATS.every((f) => supported.includes(f))) return new window.BarcodeDetector({ formats: FORMATS });
      } catch {
        // fall through to the polyfill
      }
    }
    const { BarcodeDetector, setZXingModuleOverrides } = await import("./vendor/barcode-detector/ponyfill.js");
    setZXingModuleOverrides({ locateFile: (path, prefix) => (path.endsWith(".wasm") ? WASM_URL : prefix + path) });
    return new BarcodeDetector({ formats: FORMATS });
  })();
  return detectorPromise;
}

let audio = null;
// A short beep and a vibration: the crew hears and feels each read with gloves on.
export function signalRead() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 1760;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.12);
  } catch {
    // no sound on this phone
  }
  navigator.vibrate?.(80);
}

// Opens the back camera in a <video> and calls onCode(text, format, stop) for each new code; returns stop.
export async function startCamera(video, onCode) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } },
    audio: false,
  });
  video.srcObject = stream;
  video.setAttribute("playsinline", "");
  video.muted = true;
  await video.play();
  const reader = await detector();
  let stopped = false;
  let last = { text: "", at: 0 };
  const stop = () => {
    stopped = true;
    stream.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };
  const tick = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= 2) {
        const codes = await reader.detect(video);
        const code = codes.find((c) => c.rawValue);
        const now = Date.now();
        if (code && (code.rawValue !== last.text || now - last.at > 2500)) {
          last = { text: code.rawValue, at: now };
          signalRead();
          onCode(code.rawValue, code.format, stop);
        }
      }
    } catch {
      // a frame that could not be read: try the next one
    }
    setTimeout(tick, 150);
  };
  tick();
  return stop;
}

// Tidies a typed or scanned code: no spaces, upper case (library barcodes and cards are upper case).
export function normalise(text) {
  return String(text || "").replace(/\s+/g, "").toUpperCase();
}
