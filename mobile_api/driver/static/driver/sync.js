// Talking to the phone API: sign in and out, the run sheet (kept with its ETag), and syncing the outbox in batches
// of up to 500 events with an Idempotency-Key, retries and back-off; then GPS pings and proof photos.
import * as store from "./store.js";

export const API = "/api/mobile/v1";
const BATCH = 500;
const RETRY_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);
const FINAL = new Set(["applied", "duplicate", "rejected", "conflict", "waiting"]);
const listeners = new Set();
let running = null;
let backoffTimer = null;
let failures = 0;
let reachable = null; // what the last request learnt: navigator.onLine alone trusts any Wi-Fi without internet

// The first back-off after a failed sync, in ms: 5 s on a phone. Retries inside a request wait a twelfth of it and
// more, the back-off doubles up to 60 times it (5 minutes), and the sync every few minutes waits 24 times it. The
// setting "bookbus.syncDelayMs" in localStorage changes it (tests watch the timers fire in a second).
export function syncDelay() {
  let value = NaN;
  try {
    value = Number(localStorage.getItem("bookbus.syncDelayMs"));
  } catch {
    // no localStorage (a private window): the default
  }
  return Number.isFinite(value) && value >= 50 ? value : 5_000;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code || "http_" + status;
    this.body = body;
  }
}

// Calls fn(state) whenever the sync state changes (waiting count, last sync, running, error).
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

async function notify(extra = {}) {
  const state = {
    waiting: await store.waitingCount(),
    lastSync: await store.get("lastSync"),
    running: Boolean(running),
    reachable,
    ...extra,
  };
  listeners.forEach((fn) => fn(state));
}
export { notify as refreshState };

async function request(method, path, { body, headers = {}, token } = {}) {
  const lang = (await store.get("lang")) || "vi";
  const init = { method, headers: { "Accept-Language": lang, Accept: "application/json", ...headers } };
  const auth = token ?? (await store.get("token"));
  if (auth) init.headers.Authorization = `Bearer ${auth}`;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, init);
  } catch (error) {
    if (reachable !== false) notify({ reachable: (reachable = false) });
    throw error;
  }
  if (!reachable) notify({ reachable: (reachable = true) });
  // Revoked or expired: only if the token that failed is still this phone's (not one replaced by a new sign-in).
  if (response.status === 401 && auth && auth === (await store.get("token"))) await store.set("signedOutByServer", true);
  return response;
}

async function json(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

// Sends a request again on a lost connection, a 5xx or a 409 (the same key still running), backing off each time.
async function send(method, path, options, attempts = 4) {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await request(method, path, options);
      if (!RETRY_STATUS.has(response.status) || attempt === attempts - 1) return response;
    } catch (error) {
      if (attempt === attempts - 1) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, (syncDelay() / 12) * 2 ** attempt));
  }
}

// Signs the phone in: keeps the device token and who is signed in.
export async function signIn(username, password, name) {
  const response = await request("POST", "/devices/", { body: { username, password, name }, token: "" });
  const body = await json(response);
  if (response.status !== 201) throw new ApiError(response.status, body);
  await store.set("token", body.token);
  await store.set("device", body.device);
  await store.set("signedOutByServer", false);
  const me = await request("GET", "/me/");
  if (me.ok) await store.set("me", await me.json());
  return body.device;
}

// Revokes this phone's token on the server, then forgets the local data.
export async function signOut() {
  const device = await store.get("device");
  const response = await request("POST", `/devices/${device.id}/revoke/`);
  if (!response.ok && response.status !== 401) throw new ApiError(response.status, await json(response));
  await store.wipe();
}

// The run sheet for a day: downloaded again only when its ETag changed; the cached one when there is no network.
export async function fetchRunSheet(day = store.localDay()) {
  const cached = await store.get("runSheet");
  const headers = cached?.date === day && cached.etag ? { "If-None-Match": cached.etag } : {};
  const response = await request("GET", `/run-sheet/?date=${day}`, { headers });
  if (response.status === 304) return cached.body;
  const body = await json(response);
  if (!response.ok) throw new ApiError(response.status, body);
  await store.set("runSheet", { date: day, etag: response.headers.get("ETag"), body, fetchedAt: Date.now() });
  return body;
}

async function sha256(text) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function problemOf(event, result) {
  const status = result.status === "duplicate" ? result.original_status : result.status;
  if (status !== "rejected" && status !== "conflict") return null;
  return {
    id: event.id,
    seq: event.seq,
    kind: event.kind,
    visit: event.visit ?? null,
    data: event.data,
    status,
    code: result.code || "",
    message: result.message || "",
    at: event.device_time,
  };
}

// Sends one batch; answered events leave the outbox, rejected and conflicting ones become problems to show.
async function syncBatch(batch) {
  const key = "sync-" + (await sha256(batch.map((e) => e.id).join(""))).slice(0, 40);
  const response = await send("POST", "/sync/", { body: { events: batch }, headers: { "Idempotency-Key": key } });
  const body = await json(response);
  if (!response.ok) throw new ApiError(response.status, body);
  const byId = new Map(batch.map((e) => [e.id, e]));
  const answered = body.results.filter((r) => FINAL.has(r.status)).map((r) => r.id);
  const problems = body.results.map((r) => byId.has(r.id) && problemOf(byId.get(r.id), r)).filter(Boolean);
  await store.settle(answered, problems);
  await store.set("serverSeq", body.device?.received_through_seq ?? null);
  return body;
}

async function syncPings() {
  for (;;) {
    const { keys, values } = await store.pendingPings(1000);
    if (!keys.length) return;
    const key = "gps-" + (await sha256(JSON.stringify(values))).slice(0, 40);
    const response = await send("POST", "/positions/", { body: { pings: values }, headers: { "Idempotency-Key": key } });
    if (response.status === 400) {
      // A ping the server will never take (another vehicle, a clock in the future) must not block the others.
      await store.dropPings(keys);
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, await json(response));
    await store.dropPings(keys);
  }
}

async function syncPhotos() {
  for (const photo of await store.pendingPhotos()) {
    const form = new FormData();
    form.append("photo", photo.blob, photo.name || "proof.jpg");
    const response = await send("POST", `/visits/${photo.visit}/photo/`, {
      body: form,
      headers: { "Idempotency-Key": "photo-" + photo.id },
    });
    if (response.ok) await store.dropPhoto(photo.id);
    else if (response.status >= 400 && response.status < 500) {
      await store.dropPhoto(photo.id);
      const body = await json(response);
      await store.settle([], [{ id: photo.id, seq: 1e12, kind: "photo", visit: photo.visit, data: {}, status: "rejected",
        code: body?.code || "", message: body?.message || "", at: new Date().toISOString() }]);
    } else throw new ApiError(response.status, await json(response));
  }
}

// Syncs now: the outbox in batches, then pings and photos, then the run sheet. One sync at a time.
export function syncNow() {
  if (running) return running;
  clearTimeout(backoffTimer);
  running = (async () => {
    await notify();
    try {
      if (!(await store.get("token")) || (await store.get("signedOutByServer"))) return { ok: false };
      let batch;
      while ((batch = await store.outboxBatch(BATCH)).length) {
        await syncBatch(batch);
        await notify();
      }
      await syncPings();
      await syncPhotos();
      await store.set("lastSync", new Date().toISOString());
      failures = 0;
      try {
        await fetchRunSheet();
      } catch {
        // The events are in; a run sheet that did not come is fetched again next time.
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return { ok: false, error }; // wait for a sign-in
      failures += 1;
      // Back off: 5 s, 10 s, 20 s … up to 5 minutes, then try again by itself (a Wi-Fi with no internet behind it
      // never fires "online": the timer finds the network when it comes back).
      const delay = Math.min(60, 2 ** (failures - 1)) * syncDelay();
      backoffTimer = setTimeout(() => syncNow(), delay);
      return { ok: false, error };
    } finally {
      running = null;
    }
  })();
  running.then(({ error }) =>
    notify({
      error: error ? String(error.message || error) : "",
      // fetch() failing at all (no route to the server) says nothing useful in the browser's own words
      unreachable: Boolean(error) && !(error instanceof ApiError),
    }),
  );
  return running;
}

// Syncs soon after an action, when the phone believes it is online (several actions share one request).
let soonTimer = null;
export function syncSoon(delay = 1500) {
  clearTimeout(soonTimer);
  soonTimer = setTimeout(() => navigator.onLine && syncNow(), delay);
}

// Sync when the network returns (the browser's "online" event), after a failure on the back-off timer, and every
// few minutes (2 by default) while events wait.
export function startAutoSync() {
  window.addEventListener("online", () => {
    failures = 0; // a fresh network: the next failure backs off from the start again
    syncNow();
  });
  setInterval(async () => {
    if (navigator.onLine && !running && (await store.waitingCount())) syncNow();
  }, 24 * syncDelay());
}
