// The screens of the driver app: sign in, today's run sheet, a stop and its actions, the bus's books, and the
// problems the server answered. Every action is written to the local outbox before the screen changes.
import * as store from "./store.js";
import * as sync from "./sync.js";
import { ACTIONS, BUS_ACTIONS, STOP_ACTIONS, collectData, validate } from "./actions.js";
import { date, dateTime, getLang, number, setLang, t, time } from "./i18n.js";

const $screen = document.getElementById("screen");
const $bar = document.getElementById("bar");
const $problems = document.getElementById("problems");
const $toast = document.getElementById("toast");
let sheet = null; // today's run sheet, kept in memory once read from the store
let stopCamera = null;
let syncState = { waiting: 0, lastSync: null, running: false, error: "" };

// Builds an element: h("button", {class: "big", onclick}, "text", child…).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child != null && child !== false) el.append(child);
  return el;
}

function toast(text) {
  $toast.textContent = text;
  $toast.classList.add("show");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => $toast.classList.remove("show"), 2500);
}

// --- header: sync state and language ----------------------------------------------------------------------------

let signedIn = false;
let wasRevoked = false; // the sign-in form is drawn once when the server revokes the phone, not at each sync

function drawBar() {
  const online = navigator.onLine && syncState.reachable !== false;
  const state = syncState.running
    ? t("syncing")
    : t("lastSync", { t: syncState.lastSync ? dateTime(syncState.lastSync) : t("never") });
  const other = getLang() === "vi" ? "en" : "vi";
  $bar.replaceChildren(
    h("div", { class: "row" },
      h("a", { href: "#/", class: "home" }, t("app")),
      h("span", { class: "net " + (online ? "on" : "off") }, online ? t("online") : t("offline")),
      h("button", { class: "lang", type: "button", lang: other, "aria-label": `${other.toUpperCase()}: ${t("language")}`, onclick: switchLang },
        other.toUpperCase())),
    signedIn && h("div", { class: "row" },
      h("span", { class: "state" },
        h("strong", { "data-testid": "waiting" }, t("waiting", { n: number(syncState.waiting) })), " · ",
        h("span", { "data-testid": "last-sync" }, state)),
      h("button", { class: "sync", type: "button", onclick: () => sync.syncNow() }, t("syncNow"))),
  );
  if (syncState.error && syncState.waiting) {
    const why = syncState.unreachable ? t("unreachable") : syncState.error;
    $bar.append(h("p", { class: "error" }, t("syncFailed", { m: why })));
  }
}

async function switchLang() {
  setLang(getLang() === "vi" ? "en" : "vi");
  await store.set("lang", getLang());
  drawBar();
  drawProblems();
  route();
}

// --- problems: rejected and conflicting events stay on screen until dismissed ----------------------------------

async function drawProblems() {
  const problems = await store.problems();
  if (!problems.length) return $problems.replaceChildren();
  $problems.replaceChildren(
    h("h2", {}, t("problems")),
    ...problems.map((p) =>
      h("div", { class: "problem " + p.status, "data-testid": "problem" },
        h("p", {}, h("strong", {}, `${t(kindKey(p.kind))} · ${t("status_" + p.status)}`), ` ${time(p.at)}`),
        h("p", { class: "message" }, p.message || p.code),
        h("p", { class: "what" }, describe(p)),
        h("button", { type: "button", onclick: async () => { await store.dismissProblem(p.id); drawProblems(); } },
          t("dismiss")),
      ),
    ),
  );
}

function kindKey(kind) {
  return kind === "collect" ? "collect_kind" : kind;
}

function describe(event) {
  const d = event.data || {};
  const parts = [d.barcode, d.isbn && `ISBN ${d.isbn}`, d.collection, d.card_number, d.full_name].filter(Boolean);
  const stop = event.visit && findStop(event.visit);
  if (stop) parts.push(stop.site.name);
  return parts.join(" · ");
}

// --- the run sheet ----------------------------------------------------------------------------------------------

async function loadSheet() {
  if (!sheet) sheet = (await store.get("runSheet"))?.body || null;
  return sheet;
}

function findStop(visit) {
  for (const r of sheet?.routes || []) for (const s of r.stops) if (s.visit === visit) return { ...s, route: r };
  return null;
}

function localStatus(stop, journal) {
  const of = (kind) => journal.filter((e) => e.kind === kind);
  if (of("skip").length) return { key: "skipped", text: t("status_skipped") };
  if (of("leave").length) return { key: "left", text: t("status_left", { t: time(of("leave").at(-1).device_time) }) };
  if (of("arrive").length) return { key: "arrived", text: t("status_arrived", { t: time(of("arrive")[0].device_time) }) };
  if (stop.status === "done") return { key: "done", text: t("status_done") };
  if (stop.status === "skipped") return { key: "skipped", text: t("status_skipped") };
  return { key: "planned", text: t("status_planned") };
}

async function screenToday() {
  await loadSheet();
  if (!sheet) {
    return [h("p", { class: "empty" }, t("noSheet"))];
  }
  const out = [h("h1", {}, date(sheet.date))];
  if (!sheet.routes.length) out.push(h("p", { class: "empty" }, t("noRoute")));
  for (const r of sheet.routes) {
    out.push(
      h("section", { class: "route" },
        h("h2", {}, `${r.vehicle.name} · ${r.vehicle.plate_number}`),
        h("p", { class: "times" },
          t("leaves", { t: time(r.leaves_depot_at) }), " · ", t("backAt", { t: time(r.back_at_depot_at) }),
          r.distance_km != null ? ` · ${t("km", { n: number(r.distance_km) })}` : ""),
      ),
    );
    const list = h("ol", { class: "stops" });
    for (const stop of r.stops) {
      const status = localStatus(stop, await store.journalFor(stop.visit));
      list.append(
        h("li", {},
          h("a", { href: `#/stop/${stop.visit}`, class: "stop-link status-" + status.key, "data-testid": "stop" },
            h("span", { class: "pos" }, String(stop.position)),
            h("span", { class: "what" },
              h("strong", {}, stop.site.name),
              h("span", {}, `${time(stop.arrives_at)}–${time(stop.departs_at)} · ${status.text}`)),
          ),
        ),
      );
    }
    out.push(list);
  }
  out.push(h("nav", { class: "actions" },
    h("a", { href: "#/bus", class: "button" }, t("bus")),
    h("button", { type: "button", class: "secondary", onclick: signOut }, t("signOut"))));
  return out;
}

// --- a stop -----------------------------------------------------------------------------------------------------

function doneSummary(journal) {
  const count = (kind) => journal.filter((e) => e.kind === kind).length;
  const lines = [];
  const visitors = journal.filter((e) => e.kind === "visitors").at(-1);
  if (visitors) lines.push(t("visitorsDone", { s: number(visitors.data.students), a: number(visitors.data.adults) }));
  if (count("lend")) lines.push(t("lentDone", { n: count("lend") }));
  if (count("take_back")) lines.push(t("takenDone", { n: count("take_back") }));
  if (count("register_reader")) lines.push(t("readersDone", { n: count("register_reader") }));
  if (count("reserve")) lines.push(t("reservedDone", { n: count("reserve") }));
  return lines;
}

async function screenStop(visit) {
  await loadSheet();
  const stop = findStop(visit);
  if (!stop) return [h("p", { class: "empty" }, t("noSheet")), backLink("#/")];
  const journal = await store.journalFor(visit);
  const status = localStatus(stop, journal);
  const site = stop.site;
  const taken = new Set(journal.filter((e) => e.kind === "take_back").map((e) => e.data.barcode));
  const buttons = STOP_ACTIONS.map((kind) => {
    if (!ACTIONS[kind].direct) return h("a", { href: `#/stop/${visit}/${kind}`, class: "action " + kind }, t(kindKey(kind)));
    const done = journal.filter((e) => e.kind === kind).at(kind === "arrive" ? 0 : -1);
    return h("button", { type: "button", class: `action ${kind}${done ? " done" : ""}`, onclick: () => directAction(kind, visit) },
      done ? `${t(kind)} ✓ ${time(done.device_time)}` : t(kind));
  });
  const done = doneSummary(journal);
  return [
    backLink("#/"),
    h("h1", {}, `${stop.position}. ${site.name}`),
    h("p", { class: "status status-" + status.key, "data-testid": "stop-status" }, status.text),
    h("p", {}, site.address || ""),
    h("p", { class: "times" },
      t("planned", { a: time(stop.arrives_at), b: time(stop.departs_at) }),
      stop.time_window ? ` · ${t("window", { a: time(stop.time_window.opens_at), b: time(stop.time_window.closes_at) })}` : ""),
    h("div", { class: "links" },
      stop.navigation_uri ? h("a", { class: "button nav", href: stop.navigation_uri }, t("navigate")) : null,
      ...(stop.contacts || []).filter((c) => c.phone).map((c) =>
        h("a", { class: "button tel", href: "tel:" + c.phone.replace(/\s+/g, "") },
          t("call", { name: c.name }), c.title ? ` (${c.title})` : "", h("br"), c.phone))),
    site.crew_notes ? h("section", { class: "notes" }, h("h2", {}, t("crewNotes")), h("p", {}, site.crew_notes)) : null,
    h("div", { class: "grid" }, ...buttons),
    done.length ? h("section", { class: "done" }, h("h2", {}, t("doneHere")), h("p", {}, done.join(" · "))) : null,
    h("section", {},
      h("h2", {}, `${t("deliver", { n: stop.deliver_boxes || 0 })} · ${t("collect", { n: stop.collect_boxes || 0 })}`),
      list((stop.collect || []).map((c) => `${c.collection} · ${c.name} · ${number(c.boxes)}`))),
    h("section", {},
      h("h2", {}, t("loansDue")),
      list((stop.loans_due || []).map((l) =>
        `${l.barcode} · ${l.title} · ${l.reader} (${l.card_number})${taken.has(l.barcode) ? " ✓ " + t("loansDueDone") : ""}`))),
    h("section", {},
      h("h2", {}, t("reserved")),
      list((stop.reserved_titles || []).map((r) => `${r.title} · ${r.reader} (${r.card_number})`))),
  ];
}

function list(items) {
  return items.length ? h("ul", { class: "plain" }, ...items.map((i) => h("li", {}, i))) : h("p", { class: "muted" }, t("nothing"));
}

function backLink(href) {
  return h("a", { href, class: "back" }, "← " + t("back"));
}

function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve({});
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy) }),
      () => resolve({}),
      { enableHighAccuracy: true, timeout: 4000, maximumAge: 30000 },
    );
  });
}

async function record(kind, visit, data) {
  const event = await store.recordEvent(kind, visit, data); // committed before the screen changes
  await sync.refreshState();
  sync.syncSoon();
  return event;
}

async function directAction(kind, visit) {
  const fix = await position();
  await record(kind, visit, fix);
  if (fix.latitude != null) await queuePing(fix);
  toast(t("recorded", { what: t(kind) }) + (fix.latitude == null ? ` (${t("gpsNone")})` : ""));
  route();
}

// --- action forms -----------------------------------------------------------------------------------------------

function field(spec, value) {
  const id = "f-" + spec.name;
  const label = t(spec.label || spec.name);
  let input;
  if (spec.type === "textarea") input = h("textarea", { id, name: spec.name, rows: 3, maxlength: spec.max });
  else if (spec.type === "select")
    input = h("select", { id, name: spec.name }, ...spec.options.map((o) => h("option", { value: o }, t(spec.prefix + o))));
  else if (spec.type === "checkbox")
    return h("label", { class: "check" }, h("input", { id, name: spec.name, type: "checkbox" }), label);
  else if (spec.type === "file")
    input = h("input", { id, name: spec.name, type: "file", accept: "image/*", capture: "environment" });
  else
    input = h("input", {
      id, name: spec.name, type: spec.type === "number" ? "text" : spec.type || "text",
      inputmode: spec.type === "number" ? "numeric" : spec.scan ? "text" : null,
      autocomplete: "off", autocapitalize: spec.scan ? "characters" : null,
      maxlength: spec.type === "number" ? String(spec.max).length : spec.max, size: spec.type === "number" ? 5 : null,
    });
  if (value != null) input.value = value;
  const row = h("div", { class: "field" }, h("label", { for: id }, label), input);
  if (spec.steps) {
    // Counting with gloves on: big steps instead of the keyboard.
    const step = (by) => {
      const n = Math.max(spec.min, Math.min(spec.max, (Number(input.value) || 0) + by));
      input.value = String(n);
    };
    row.classList.add("stepper");
    row.append(h("div", { class: "controls" }, input, ...spec.steps.map((by) => {
      const text = by > 0 ? `+${by}` : `−${-by}`;
      return h("button", { type: "button", class: "step", "aria-label": `${text} ${label}`, onclick: () => step(by) }, text);
    })));
  }
  if (spec.scan) {
    row.classList.add("scan");
    row.append(h("button", { type: "button", class: "camera", "data-for": spec.name, onclick: () => openCamera(input) }, t("scan")));
  }
  return row;
}

async function openCamera(input) {
  closeCamera();
  const video = h("video", { class: "camera-view", "data-testid": "camera" });
  const panel = h("div", { class: "camera-panel" }, video,
    h("button", { type: "button", class: "secondary", onclick: closeCamera }, t("stopCamera")));
  input.closest(".field").after(panel);
  try {
    const { startCamera, normalise } = await import("./scan.js");
    stopCamera = await startCamera(video, (text, _format, stop) => {
      stop(); // one read per tap: the crew sees the code before it is saved
      input.value = normalise(text);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      closeCamera();
      const form = input.form;
      const next = [...form.querySelectorAll("input")].find((el) => !el.value && el.type !== "checkbox");
      (next || form.querySelector("button[type=submit]")).focus();
    });
  } catch (error) {
    panel.replaceChildren(h("p", { class: "error" }, t("cameraFailed", { m: error.message || error.name })));
  }
}

function closeCamera() {
  stopCamera?.();
  stopCamera = null;
  document.querySelectorAll(".camera-panel").forEach((el) => el.remove());
}

async function screenAction(visit, kind) {
  const spec = ACTIONS[kind];
  const stop = visit ? (await loadSheet(), findStop(visit)) : null;
  const back = visit ? `#/stop/${visit}` : "#/bus";
  const recent = h("ul", { class: "plain recent", "data-testid": "recent" });
  const errors = h("p", { class: "error", role: "alert" });
  const previous = spec.keep && visit ? (await store.journalFor(visit)).filter((e) => e.kind === kind).at(-1)?.data : null;
  const form = h("form", { class: "action-form", novalidate: true }, ...spec.fields.map((f) => field(f, previous?.[f.name] ?? f.initial)), errors,
    h("button", { type: "submit", class: "primary" }, t(spec.submit || "save")));
  const scanned = [];
  if (kind === "stocktake") {
    form.querySelector("[name=barcode]").addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); addScanned(); }
    });
  }
  function addScanned() {
    const input = form.querySelector("[name=barcode]");
    const code = input.value.trim().toUpperCase();
    if (code && !scanned.includes(code)) scanned.push(code);
    input.value = "";
    recent.replaceChildren(h("li", {}, t("scanned", { n: scanned.length })), ...scanned.map((c) => h("li", {}, c)));
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (kind === "stocktake") {
      addScanned();
      if (!scanned.length) return (errors.textContent = t("required", { f: t("barcode") }));
      await record("stocktake", null, { barcodes: scanned, ...vehicleOf() });
      toast(t("saved"));
      location.hash = back;
      return;
    }
    const problem = validate(spec, form);
    errors.textContent = problem || "";
    if (problem) return;
    const data = collectData(spec, form, { sheet, stop });
    if (kind === "proof") await keepPhoto(form, visit);
    if (!visit && ["load", "unload"].includes(kind)) Object.assign(data, vehicleOf());
    await record(kind, visit, data);
    toast(t("saved"));
    if (spec.repeat) {
      recent.prepend(h("li", {}, t("recorded", { what: spec.summary(data, sheet) })));
      for (const name of spec.repeat) form.querySelector(`[name=${name}]`).value = "";
      form.querySelector(`[name=${spec.repeat[0]}]`).focus();
    } else location.hash = back;
  });
  return [
    backLink(back),
    h("h1", {}, t(kindKey(kind))),
    stop ? h("p", { class: "muted" }, stop.site.name) : null,
    form,
    recent,
  ];
}

function vehicleOf() {
  const vehicles = (sheet?.routes || []).map((r) => r.vehicle.id);
  return vehicles.length === 1 ? { vehicle: vehicles[0] } : {};
}

async function keepPhoto(form, visit) {
  const file = form.querySelector("[name=photo]")?.files?.[0];
  if (file) await store.addPhoto({ id: crypto.randomUUID(), visit, blob: file, name: file.name });
}

// --- the bus: its books and the depot's actions ----------------------------------------------------------------

async function screenBus() {
  await loadSheet();
  const copies = (sheet?.routes || []).flatMap((r) => r.manifest?.copies || []);
  const collections = (sheet?.routes || []).flatMap((r) => r.manifest?.collections || []);
  return [
    backLink("#/"),
    h("h1", {}, t("bus")),
    h("div", { class: "grid" }, ...BUS_ACTIONS.map((kind) => h("a", { href: `#/bus/${kind}`, class: "action" }, t(kind)))),
    h("h2", {}, t("collections")),
    list(collections.map((c) => `${c.code} · ${c.name} · ${number(c.boxes)}`)),
    h("h2", {}, t("manifest", { n: number(copies.length) })),
    list(copies.map((c) => `${c.barcode} · ${c.title}`)),
  ];
}

// --- signing in and out -----------------------------------------------------------------------------------------

function screenSignIn(message = "") {
  const errors = h("p", { class: "error", role: "alert" }, message);
  const form = h("form", { class: "action-form" },
    field({ name: "username" }), field({ name: "password", type: "password" }),
    field({ name: "device", label: "deviceName" }, t("defaultDevice")), errors,
    h("button", { type: "submit", class: "primary" }, t("signIn")));
  form.querySelector("[name=username]").setAttribute("autocomplete", "username");
  form.querySelector("[name=password]").setAttribute("autocomplete", "current-password");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = (name) => form.querySelector(`[name=${name}]`).value;
    if (!navigator.onLine) return (errors.textContent = t("needNetwork"));
    try {
      await sync.signIn(value("username").trim(), value("password"), value("device").trim() || t("defaultDevice"));
      sheet = null;
      await sync.syncNow(); // the run sheet, and the last sync time on the bar
      location.hash = "#/";
      route();
    } catch (error) {
      errors.textContent = t("signInFailed", { m: error.message });
    }
  });
  return [h("h1", {}, t("signIn")), form];
}

async function signOut() {
  const waiting = await store.waitingCount();
  if (waiting) return toast(t("signOutWaiting", { n: waiting }));
  try {
    await sync.signOut();
  } catch (error) {
    return toast(error.message);
  }
  sheet = null;
  location.hash = "#/";
  route();
}

// --- GPS pings while the app is open ---------------------------------------------------------------------------

async function queuePing(fix) {
  const vehicle = vehicleOf().vehicle;
  if (vehicle) await store.addPing({ vehicle, at: new Date().toISOString(), ...fix });
}

function watchPosition() {
  if (!navigator.geolocation) return;
  let lastAt = 0;
  navigator.geolocation.watchPosition(
    (p) => {
      if (Date.now() - lastAt < 60_000) return; // one ping a minute is enough for the live map
      lastAt = Date.now();
      queuePing({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy) });
    },
    () => {},
    { enableHighAccuracy: true, maximumAge: 60_000 },
  );
}

// --- routing ----------------------------------------------------------------------------------------------------

async function route() {
  closeCamera();
  const started = performance.now();
  const token = await store.get("token");
  if (signedIn !== Boolean(token)) {
    signedIn = Boolean(token);
    drawBar();
  }
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  let content;
  const revoked = token && (await store.get("signedOutByServer"));
  if (!token || revoked) content = screenSignIn(revoked ? t("signedOutByServer") : "");
  else if (parts[0] === "stop" && parts[2] && ACTIONS[parts[2]]) content = await screenAction(Number(parts[1]), parts[2]);
  else if (parts[0] === "stop") content = await screenStop(Number(parts[1]));
  else if (parts[0] === "bus" && parts[1] && ACTIONS[parts[1]]) content = await screenAction(null, parts[1]);
  else if (parts[0] === "bus") content = await screenBus();
  else content = await screenToday();
  $screen.replaceChildren(...content.filter(Boolean));
  $screen.dataset.screen = !token || revoked ? "sign-in" : parts[0] || "today";
  $screen.dataset.renderMs = (performance.now() - started).toFixed(1);
  window.scrollTo(0, 0);
  const first = $screen.querySelector("form :is(input, textarea, select)");
  if (first && parts.length > 2) first.focus();
}

async function start() {
  setLang((await store.get("lang")) || "vi");
  sync.onChange(async (state) => {
    const finished = syncState.running && !state.running;
    syncState = state;
    if (finished) sheet = (await store.get("runSheet"))?.body || sheet;
    drawBar();
    drawProblems();
    const revoked = Boolean(await store.get("signedOutByServer"));
    if ((finished && $screen.dataset.screen === "today") || revoked !== wasRevoked) route();
    wasRevoked = revoked;
  });
  window.addEventListener("hashchange", route);
  window.addEventListener("online", drawBar);
  window.addEventListener("offline", drawBar);
  drawBar();
  await route();
  await sync.refreshState();
  sync.startAutoSync();
  watchPosition();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("sw.js", { scope: "./" });
  if (navigator.onLine && (await store.get("token"))) sync.syncNow();
  document.body.dataset.ready = "1";
}

start();
